/**
 * @file The subset of onnx.proto (IR version 8) that models need, as a protobufjs schema loaded on first use,
 * and conversions between ONNX tensors and NDArrays.
 */

import { allocate, type DType } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { fmtShape, type Shape, sizeOf } from "../shape.js";

/** ONNX's TensorProto.DataType codes that dezero-ts reads or writes. */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, BOOL: 9, DOUBLE: 11 } as const;

/** ONNX's AttributeProto.AttributeType codes. */
export const AttrType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

/** A decoded or to-be-encoded TensorProto (int64 fields may come back as Long objects). */
export interface TensorProto {
  name?: string;
  dims?: (number | { toNumber(): number })[];
  dataType?: number;
  rawData?: Uint8Array;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: (number | { toNumber(): number })[];
  doubleData?: number[];
}

/** A decoded or to-be-encoded AttributeProto. */
export interface AttributeProto {
  name: string;
  type: number;
  f?: number;
  i?: number | { toNumber(): number };
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: (number | { toNumber(): number })[];
}

/** A decoded or to-be-encoded NodeProto. */
export interface NodeProto {
  input: string[];
  output: string[];
  name?: string;
  opType: string;
  domain?: string;
  attribute?: AttributeProto[];
}

/** A graph input or output: a name, an element type and a shape whose dims are sizes or names. */
export interface ValueInfoProto {
  name: string;
  type?: {
    tensorType?: {
      elemType?: number;
      shape?: { dim?: { dimValue?: number | { toNumber(): number }; dimParam?: string }[] };
    };
  };
}

/** A decoded or to-be-encoded GraphProto. */
export interface GraphProto {
  name?: string;
  node?: NodeProto[];
  initializer?: TensorProto[];
  input?: ValueInfoProto[];
  output?: ValueInfoProto[];
}

/** A decoded or to-be-encoded ModelProto. */
export interface ModelProto {
  irVersion?: number | { toNumber(): number };
  opsetImport?: { domain?: string; version?: number | { toNumber(): number } }[];
  producerName?: string;
  producerVersion?: string;
  graph?: GraphProto;
}

const packed = { packed: true };
const field = (type: string, id: number, rule?: "repeated", options?: object) => ({
  type,
  id,
  rule,
  options,
});

/** The ONNX messages, with onnx.proto's field numbers. */
const SCHEMA = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: field("int64", 1),
            opsetImport: field("OperatorSetIdProto", 8, "repeated"),
            producerName: field("string", 2),
            producerVersion: field("string", 3),
            domain: field("string", 4),
            modelVersion: field("int64", 5),
            docString: field("string", 6),
            graph: field("GraphProto", 7),
          },
        },
        OperatorSetIdProto: { fields: { domain: field("string", 1), version: field("int64", 2) } },
        GraphProto: {
          fields: {
            node: field("NodeProto", 1, "repeated"),
            name: field("string", 2),
            initializer: field("TensorProto", 5, "repeated"),
            docString: field("string", 10),
            input: field("ValueInfoProto", 11, "repeated"),
            output: field("ValueInfoProto", 12, "repeated"),
            valueInfo: field("ValueInfoProto", 13, "repeated"),
          },
        },
        NodeProto: {
          fields: {
            input: field("string", 1, "repeated"),
            output: field("string", 2, "repeated"),
            name: field("string", 3),
            opType: field("string", 4),
            attribute: field("AttributeProto", 5, "repeated"),
            docString: field("string", 6),
            domain: field("string", 7),
          },
        },
        AttributeProto: {
          fields: {
            name: field("string", 1),
            f: field("float", 2),
            i: field("int64", 3),
            s: field("bytes", 4),
            t: field("TensorProto", 5),
            g: field("GraphProto", 6),
            floats: field("float", 7, "repeated", packed),
            ints: field("int64", 8, "repeated", packed),
            strings: field("bytes", 9, "repeated"),
            docString: field("string", 13),
            type: field("int32", 20),
          },
        },
        TensorProto: {
          fields: {
            dims: field("int64", 1, "repeated", packed),
            dataType: field("int32", 2),
            floatData: field("float", 4, "repeated", packed),
            int32Data: field("int32", 5, "repeated", packed),
            int64Data: field("int64", 7, "repeated", packed),
            name: field("string", 8),
            rawData: field("bytes", 9),
            doubleData: field("double", 10, "repeated", packed),
            docString: field("string", 12),
          },
        },
        ValueInfoProto: {
          fields: { name: field("string", 1), type: field("TypeProto", 2), docString: field("string", 3) },
        },
        TypeProto: {
          fields: { tensorType: field("TypeProtoTensor", 1), denotation: field("string", 6) },
        },
        TypeProtoTensor: { fields: { elemType: field("int32", 1), shape: field("TensorShapeProto", 2) } },
        TensorShapeProto: { fields: { dim: field("Dimension", 1, "repeated") } },
        Dimension: {
          oneofs: { value: { oneof: ["dimValue", "dimParam"] } },
          fields: {
            dimValue: field("int64", 1),
            dimParam: field("string", 2),
            denotation: field("string", 3),
          },
        },
      },
    },
  },
};

/** The encoder/decoder of ModelProto. */
interface ModelType {
  encode(message: object): { finish(): Uint8Array };
  decode(bytes: Uint8Array): object;
  toObject(message: object, options: object): ModelProto;
  fromObject(object: object): object;
}

let modelType: Promise<ModelType> | null = null;

/**
 * The ModelProto type, built on first use. NOTE: protobufjs is imported lazily, so `import "dezero-ts"`
 * stays as light as before for users who never touch ONNX.
 */
function getModelType(): Promise<ModelType> {
  modelType ??= import("protobufjs/light.js").then((mod) => {
    const pb = ((mod as unknown as { default?: typeof mod }).default ?? mod) as typeof mod;
    return pb.Root.fromJSON(SCHEMA).lookupType("onnx.ModelProto") as unknown as ModelType;
  });
  return modelType;
}

/** A ModelProto as bytes. */
export async function encodeModel(model: ModelProto): Promise<Uint8Array> {
  const type = await getModelType();
  return type.encode(type.fromObject(model)).finish();
}

/** Bytes as a ModelProto (int64 values as numbers); throws naming `source` when they are not one. */
export async function decodeModel(bytes: Uint8Array, source: string): Promise<ModelProto> {
  const type = await getModelType();
  try {
    return type.toObject(type.decode(bytes), { longs: Number, defaults: false, arrays: true });
  } catch (e) {
    throw new Error(`onnx.importModel: ${source} is not a valid ONNX file (${(e as Error).message})`);
  }
}

/** An int64 field as a number. */
export function num(v: number | { toNumber(): number } | undefined): number {
  return v === undefined ? 0 : typeof v === "number" ? v : v.toNumber();
}

/** A float32/float64/int32/uint8/bool NDArray as a TensorProto holding raw little-endian bytes. */
export function tensorFromArray(name: string, a: NDArray): TensorProto {
  const dataType = ONNX_TYPE[a.dtype];
  const data = a.dtype === "bool" ? Uint8Array.from(a.data as ArrayLike<number>) : a.data;
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return { name, dims: [...a.shape], dataType, rawData: view };
}

/** The ONNX element type of each dtype. */
export const ONNX_TYPE = {
  float32: DataType.FLOAT,
  float64: DataType.DOUBLE,
  int32: DataType.INT32,
  uint8: DataType.UINT8,
  bool: DataType.BOOL,
} as const;

/** How to read one ONNX element type: bytes per element, the raw-data getter, the typed field, the dtype. */
interface Reader {
  width: number;
  get: (v: DataView, offset: number) => number;
  list: "floatData" | "doubleData" | "int32Data" | "int64Data";
  dtype: DType;
}

/**
 * NOTE: int64 values (shapes, axes, indices) are kept as int32 with ±2³¹ clamped, which keeps ONNX's "to the
 * end" sentinels (INT64_MAX in Slice ends) meaning the same.
 */
const clamp32 = (x: number) => Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, x));

const READERS: Record<number, Reader> = {
  [DataType.FLOAT]: { width: 4, get: (v, o) => v.getFloat32(o, true), list: "floatData", dtype: "float32" },
  [DataType.DOUBLE]: { width: 8, get: (v, o) => v.getFloat64(o, true), list: "doubleData", dtype: "float64" },
  [DataType.INT32]: { width: 4, get: (v, o) => v.getInt32(o, true), list: "int32Data", dtype: "int32" },
  [DataType.INT64]: {
    width: 8,
    get: (v, o) => clamp32(Number(v.getBigInt64(o, true))),
    list: "int64Data",
    dtype: "int32",
  },
  [DataType.UINT8]: { width: 1, get: (v, o) => v.getUint8(o), list: "int32Data", dtype: "uint8" },
  [DataType.BOOL]: { width: 1, get: (v, o) => v.getUint8(o), list: "int32Data", dtype: "bool" },
};

/** A TensorProto as an NDArray (int64 becomes int32); throws naming `where` and the tensor when it is malformed. */
export function arrayFromTensor(t: TensorProto, where: string): NDArray {
  const reader = READERS[t.dataType ?? 0];
  if (reader === undefined) {
    throw new Error(
      `${where}: tensor '${t.name}' has ONNX data type ${t.dataType}, which dezero-ts does not read`,
    );
  }
  const shape: Shape = (t.dims ?? []).map(num);
  const n = sizeOf(shape);
  const out = allocate(reader.dtype, n);
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : null;
  const count = raw ? raw.byteLength / reader.width : (t[reader.list] ?? []).length;
  if (count !== n) throw new Error(`${where}: tensor '${t.name}' ${fmtShape(shape)} holds ${count} values`);
  if (raw) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < n; i++) out[i] = reader.get(view, i * reader.width);
  } else {
    const values = t[reader.list] ?? [];
    for (let i = 0; i < n; i++)
      out[i] = reader.list === "int64Data" ? clamp32(num(values[i])) : num(values[i]);
  }
  return new NDArray(out, shape, reader.dtype);
}
