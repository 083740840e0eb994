/**
 * A single-node ONNX model, encoded as protobuf bytes by hand (no `onnx` or protobufjs needed:
 * a model with one node uses a dozen fields of onnx.proto3). Field numbers are onnx.proto's.
 */

/** An attribute of the node: a float, an int or a string. */
export type OnnxAttribute =
  | { readonly name: string; readonly float: number }
  | { readonly name: string; readonly int: number }
  | { readonly name: string; readonly string: string };

/** What to encode: one node `y = op_type(x)` over a float tensor of the given (symbolic or fixed) dims. */
export interface SingleNodeModel {
  readonly opType: string;
  readonly opset: number;
  readonly attributes?: readonly OnnxAttribute[];
  /** One entry per dimension: a number (fixed) or a name (symbolic). */
  readonly dims: readonly (number | string)[];
}

const WIRE_VARINT = 0;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;
const FLOAT = 1; // TensorProto.DataType.FLOAT and AttributeProto.AttributeType.FLOAT
const ATTR_INT = 2;
const ATTR_STRING = 3;

function varint(value: number): number[] {
  const out: number[] = [];
  let v = BigInt(value);
  if (v < 0n) v += 1n << 64n; // int64 two's complement
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

const key = (field: number, wire: number): number[] => varint((field << 3) | wire);
const int = (field: number, v: number): number[] => [...key(field, WIRE_VARINT), ...varint(v)];
const bytes = (field: number, b: readonly number[]): number[] => [...key(field, WIRE_LEN), ...varint(b.length), ...b];
const str = (field: number, s: string): number[] => bytes(field, [...new TextEncoder().encode(s)]);
function float(field: number, v: number): number[] {
  const b = new Uint8Array(new Float32Array([v]).buffer);
  return [...key(field, WIRE_FIXED32), ...b];
}

function attribute(a: OnnxAttribute): number[] {
  // AttributeProto: name 1, f 2, i 3, s 4, type 20
  if ('float' in a) return [...str(1, a.name), ...float(2, a.float), ...int(20, FLOAT)];
  if ('int' in a) return [...str(1, a.name), ...int(3, a.int), ...int(20, ATTR_INT)];
  return [...str(1, a.name), ...str(4, a.string), ...int(20, ATTR_STRING)];
}

function valueInfo(name: string, dims: readonly (number | string)[]): number[] {
  // TensorShapeProto.Dimension: dim_value 1, dim_param 2
  const shape = dims.flatMap((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  // TypeProto.Tensor: elem_type 1, shape 2; TypeProto: tensor_type 1; ValueInfoProto: name 1, type 2
  const tensorType = [...int(1, FLOAT), ...bytes(2, shape)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}

/** The IR version a model of this opset needs (ONNX's versioning table). */
export function irVersionFor(opset: number): number {
  if (opset >= 23) return 11;
  if (opset >= 21) return 10;
  if (opset >= 19) return 9;
  return 8;
}

/** Encodes `y = opType(x)` as an ONNX ModelProto: input `x`, output `y`, domain ai.onnx. */
export function encodeSingleNodeModel(m: SingleNodeModel): Uint8Array {
  // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5
  const node = [...str(1, 'x'), ...str(2, 'y'), ...str(3, 'node'), ...str(4, m.opType), ...(m.attributes ?? []).flatMap((a) => bytes(5, attribute(a)))];
  // GraphProto: node 1, name 2, input 11, output 12
  const graph = [...bytes(1, node), ...str(2, m.opType), ...bytes(11, valueInfo('x', m.dims)), ...bytes(12, valueInfo('y', m.dims))];
  // ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8 (OperatorSetIdProto: domain 1, version 2)
  const model = [
    ...int(1, irVersionFor(m.opset)),
    ...str(2, '@actkit/bench'),
    ...bytes(7, graph),
    ...bytes(8, [...str(1, ''), ...int(2, m.opset)]),
  ];
  return Uint8Array.from(model);
}
