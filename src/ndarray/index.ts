/** @file The NDArray module: the array type, its dtypes, creation and random numbers. */

export * from "./create.js";
export * from "./dtype.js";
export { NDArray, type Nested } from "./ndarray.js";
export { type ChoiceOptions, RandomState, random } from "./random.js";
