// hostile/cases_jsonrpc.mjs: malformed JSON-RPC over a well-formed HTTP
// request: truncated JSON, wrong types, huge numbers, deep nesting, invalid
// UTF-8, unknown methods. Each category: [name, count, make() -> {bytes,
// text?, expect(res) -> problem}]; cases.mjs puts them in order.
import { request } from "./http.mjs";
import { deep, expectCode, expectStatus, huge, int, noServerError, pick, rand, rpcMethods, utf8Case, valid,
  wrongTypes } from "./payloads.mjs";

/// `S`: the headers of the session the cases run in.
export function jsonrpcCategories(S) {
  return {
    truncated: ["truncated JSON", 1900, () => {
      const v = pick(valid);
      const cut = 1 + int(v.length - 1);
      return { bytes: request({ headers: rand() < 0.5 ? S : {}, body: v.slice(0, cut) }), expect: expectCode([400], [-32700]) };
    }],
    wrongTypes: ["wrong types", 1400, () => {
      const text = pick(wrongTypes);
      return { bytes: request({ headers: S, body: text }), text, expect: noServerError };
    }],
    hugeNumbers: ["huge numbers", 1000, () => {
      const text = pick(huge);
      return { bytes: request({ headers: rand() < 0.8 ? S : {}, body: text }), text, expect: noServerError };
    }],
    deepNesting: ["deep nesting", 300, () => ({ bytes: request({ headers: S, body: pick(deep)() }), expect: expectStatus(200, 400) })],
    invalidUtf8: ["invalid UTF-8", 1500, () => ({ bytes: request({ headers: S, body: utf8Case() }), expect: expectStatus(200, 400) })],
    unknownMethods: ["unknown JSON-RPC methods", 300, () => {
      const m = pick(rpcMethods);
      const body = m === "\\u0000" ? '{"jsonrpc":"2.0","id":1,"method":"\\u0000"}' : JSON.stringify({ jsonrpc: "2.0", id: 1, method: m });
      return { bytes: request({ headers: S, body }), text: body, expect: noServerError };
    }],
  };
}
