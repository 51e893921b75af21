// The dependency graph of measures (depends_on): cycles for the rules, a topological order for
// `roadmap --propose`. Iterative throughout: a strategy of 10,000 measures in one chain would
// overflow the call stack of a recursive search.
import { compareIds } from './ids.js';

export interface DependencyNode {
  id: string;
  depends_on: readonly string[];
}

/** Edges to known ids only (unknown ones are a finding of their own); the first of two equal ids wins. */
function graph(nodes: readonly DependencyNode[]): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const n of nodes) if (!edges.has(n.id)) edges.set(n.id, []);
  for (const n of nodes) {
    const out = edges.get(n.id)!;
    if (out.length > 0) continue;
    for (const d of n.depends_on) if (edges.has(d) && !out.includes(d)) out.push(d);
  }
  return edges;
}

/** Strongly connected components (Tarjan), without recursion. */
function components(edges: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let next = 0;
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: { id: string; i: number }[] = [{ id: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const out = edges.get(frame.id)!;
      if (frame.i < out.length) {
        const w = out[frame.i++]!;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ id: w, i: 0 });
        } else if (onStack.has(w)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.id);
        result.push(component);
      }
    }
  }
  return result;
}

/**
 * One cycle per group of measures that depend on each other, as a path that returns to its start:
 * ["1.3", "1.8", "1.3"] for 1.3 → 1.8 → 1.3. It starts at the lowest id of the group and is the
 * shortest way back to it, so the same data always names the same cycle.
 */
export function dependencyCycles(nodes: readonly DependencyNode[]): string[][] {
  const edges = graph(nodes);
  const cycles: string[][] = [];
  for (const component of components(edges)) {
    const start = [...component].sort(compareIds)[0]!;
    if (component.length === 1 && !edges.get(start)!.includes(start)) continue;
    const inside = new Set(component);
    // Breadth-first from start back to start, within the group.
    const previous = new Map<string, string>();
    const queue = [start];
    let found = false;
    for (let q = 0; q < queue.length && !found; q++) {
      const id = queue[q]!;
      for (const w of edges.get(id)!) {
        if (!inside.has(w)) continue;
        if (w === start) {
          previous.set(start, id);
          found = true;
          break;
        }
        if (!previous.has(w)) {
          previous.set(w, id);
          queue.push(w);
        }
      }
    }
    const path = [start];
    for (let id = previous.get(start)!; id !== start; id = previous.get(id)!) path.push(id);
    path.push(start);
    // Walked backwards along the edges: reverse so that each id depends on the next.
    const forward = [start, ...path.slice(1, -1).reverse(), start];
    cycles.push(forward);
  }
  return cycles.sort((a, b) => compareIds(a[0]!, b[0]!));
}

/**
 * Every node after what it depends on; among the nodes free to come next, the one `before` puts
 * first (Kahn's algorithm with a priority choice). Nodes on a cycle never become free: they are
 * returned apart, in id order, so a caller can say so rather than invent an order.
 */
export function topologicalOrder(
  nodes: readonly DependencyNode[],
  before: (a: string, b: string) => number,
): { order: string[]; blocked: string[] } {
  const edges = graph(nodes);
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [id, deps] of edges) {
    waiting.set(id, deps.length);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), id]);
  }
  const free = [...edges.keys()].filter((id) => waiting.get(id) === 0);
  const order: string[] = [];
  while (free.length > 0) {
    free.sort(before);
    const id = free.shift()!;
    order.push(id);
    for (const d of dependents.get(id) ?? []) {
      const left = waiting.get(d)! - 1;
      waiting.set(d, left);
      if (left === 0) free.push(d);
    }
  }
  const placed = new Set(order);
  return { order, blocked: [...edges.keys()].filter((id) => !placed.has(id)).sort(compareIds) };
}
