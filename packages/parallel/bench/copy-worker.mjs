// Piscina worker for the copy ceiling: copies [start, end) of one shared Float32Array into another.
export default function copy({ src, dst, start, end }) {
  new Float32Array(dst).set(new Float32Array(src).subarray(start, end), start);
  return end - start;
}
