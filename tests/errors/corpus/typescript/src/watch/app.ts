export function area(r: number): number {
  return Math.PI * r * radius;
}
