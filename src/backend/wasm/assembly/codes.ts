/** @file Op codes shared by the kernels and the JS side (keep in step with ../codes.ts). */

export const NEG: i32 = 0;
export const EXP: i32 = 1;
export const LOG: i32 = 2;
export const SIN: i32 = 3;
export const COS: i32 = 4;
export const TANH: i32 = 5;
export const SIGMOID: i32 = 6;
export const SQRT: i32 = 7;
export const ABS: i32 = 8;
export const SIGN: i32 = 9;

export const ADD: i32 = 0;
export const SUB: i32 = 1;
export const MUL: i32 = 2;
export const DIV: i32 = 3;
export const MAXIMUM: i32 = 4;
export const MINIMUM: i32 = 5;
export const GT: i32 = 6;
export const GE: i32 = 7;
export const LT: i32 = 8;
export const LE: i32 = 9;
export const EQ: i32 = 10;
export const POW: i32 = 11;

export const SUM: i32 = 0;
export const MAX: i32 = 1;
export const MIN: i32 = 2;

export const ACT_RELU: i32 = 0;
export const ACT_RELU_GRAD: i32 = 1;
export const ACT_SIGMOID_GRAD: i32 = 2;
export const ACT_TANH_GRAD: i32 = 3;

export const UPD_SGD: i32 = 0;
export const UPD_MOMENTUM: i32 = 1;
export const UPD_ADAGRAD: i32 = 2;
export const UPD_ADADELTA: i32 = 3;
export const UPD_ADAM: i32 = 4;
export const UPD_ADAMW: i32 = 5;
