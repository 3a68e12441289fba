/**
 * Labels each walkable tile with the id (1, 2, ...) of the connected area it belongs to; blocked tiles
 * get 0. Orthogonal connectivity is enough: a diagonal step is only allowed when both orthogonal
 * neighbours are walkable, so it never joins areas that orthogonal steps could not.
 */
export function labelRegions(width: number, height: number, blocked: Uint8Array): Int32Array {
  const tileCount = width * height;
  const labels = new Int32Array(tileCount);
  const queue = new Int32Array(tileCount);
  let nextLabel = 1;
  for (let seed = 0; seed < tileCount; seed++) {
    if (blocked[seed] || labels[seed]) continue;
    const label = nextLabel++;
    labels[seed] = label;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    while (head < tail) {
      const tile = queue[head++]!;
      const x = tile % width;
      for (let side = 0; side < 4; side++) {
        const neighbour = side === 0 ? (x > 0 ? tile - 1 : -1) : side === 1 ? (x < width - 1 ? tile + 1 : -1) : side === 2 ? tile - width : tile + width;
        if (neighbour < 0 || neighbour >= tileCount || blocked[neighbour] || labels[neighbour]) continue;
        labels[neighbour] = label;
        queue[tail++] = neighbour;
      }
    }
  }
  return labels;
}
