/**
 * Small typed arrays carved out of shared 64 KiB slabs. Allocating a `Uint32Array` of a few hundred
 * elements on its own costs V8 an off-heap backing store each time, several times the cost of
 * fingerprinting's arithmetic; a view into a slab costs one small object. A slab stays alive while
 * any view into it does (at most 64 KiB held by one surviving view), and a view's `buffer` is the
 * whole slab: callers that need an `ArrayBuffer` of their own (to transfer it to a worker, say)
 * must copy, and must use `byteOffset`/`byteLength` when they read the bytes.
 */
const SLAB_BYTES = 1 << 16;
/** Larger arrays get a buffer of their own. */
const MAX_CARVED_BYTES = SLAB_BYTES >>> 3;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** A zero-filled `Uint32Array` of `length` elements, possibly a view into a shared slab. */
export function slabUint32Array(length: number): Uint32Array {
  const bytes = length * 4;
  if (bytes > MAX_CARVED_BYTES) {
    return new Uint32Array(length);
  }
  if (used + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const view = new Uint32Array(slab, used, length);
  used += bytes;
  return view;
}

/** A copy of `values` in slab memory (see `slabUint32Array`). */
export function slabCopy(values: Uint32Array): Uint32Array {
  const copy = slabUint32Array(values.length);
  copy.set(values);
  return copy;
}
