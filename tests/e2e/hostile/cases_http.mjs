// hostile/cases_http.mjs: attacks at the HTTP level: 5 MiB bodies, bad
// headers, wrong Origin and Host, unknown sessions, garbage methods, paths
// and versions, pipelining, garbage bytes. Each category: [name, count,
// make() -> {bytes, raw?, pipelined?, expect(res) -> problem}]; cases.mjs
// puts them in order.
import { PORT } from "./env.mjs";
import { request } from "./http.mjs";
import { big, expectStatus, huge, int, modernCall, modernPing, pick, ping, rand, valid, wrongTypes } from "./payloads.mjs";

/// `S`: the headers of the session `sid`.
export function httpCategories(S, sid) {
  return {
    bigBodies: ["5 MiB bodies", 20, () => {
      const chunked = rand() < 0.3;
      const body = big();
      if (!chunked) return { bytes: request({ headers: S, body }), expect: expectStatus(413) };
      const head = request({ headers: { ...S, "Content-Length": null, "Transfer-Encoding": "chunked" } });
      const chunks = [];
      for (let i = 0; i < body.length; i += 65536) {
        const c = body.subarray(i, i + 65536);
        chunks.push(Buffer.from(c.length.toString(16) + "\r\n"), c, Buffer.from("\r\n"));
      }
      chunks.push(Buffer.from("0\r\n\r\n"));
      return { bytes: Buffer.concat([head, ...chunks]), expect: expectStatus(413) };
    }],
    badHeaders: ["bad headers", 1200, () => {
      const variants = [
        // hummel is lenient here (answers JSON); 406/415 would be fine too.
        [{ "Content-Type": "text/plain" }, [200, 400, 415]],
        [{ "Content-Type": null }, [200, 400, 415]],
        [{ Accept: null }, [200, 400, 406]],
        [{ Accept: "text/html" }, [200, 400, 406]],
        [{ "Content-Length": "-1" }, [400]],
        [{ "Content-Length": "abc" }, [400]],
        [{ "Content-Length": "99999999999999999999999" }, [400, 413]],
        [{ "Transfer-Encoding": "gzip" }, [400, 501]],
        [{ "MCP-Protocol-Version": "1999-01-01", "Mcp-Session-Id": sid }, [400]],
        [{ "MCP-Protocol-Version": "garbage\u00ff", "Mcp-Session-Id": sid }, [400]],
        [{ "Mcp-Session-Id": "\u00ff\u00fe" + "x".repeat(int(100)) }, [400, 404]],
        [{ "Mcp-Session-Id": "a".repeat(8000) }, [400, 404, 431]],
        [{ "X-Big": "b".repeat(20000) }, [431, 400]],
        [Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`X-H${i}`, "v"])), [431, 400]],
        [{ "Bad Header Name": "x" }, [400]],
        [{ "X-Ctl": "a\u0001b" }, [400, 200]],
        [{ ...S, "Mcp-Method": "tools/list" }, [200, 400]],
        // 2026-07-28 requests whose headers contradict the body: 400.
        [{ "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list" }, [400], modernPing],
        [{ "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "\u00ff" }, [400], modernCall],
        [{ "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": null }, [400], modernCall],
        [{ "MCP-Protocol-Version": "2025-11-25", "Mcp-Method": "ping" }, [400], modernPing],
        [{ "MCP-Protocol-Version": null, "Mcp-Method": "ping" }, [400], modernPing],
      ];
      const [hdrs, statuses, body = ping] = pick(variants);
      return { bytes: request({ headers: hdrs, body }), expect: expectStatus(...statuses) };
    }],
    wrongOrigin: ["wrong Origin", 500, () => {
      const origin = pick(["http://evil.example.com", "null", "https://127.0.0.1.evil.com", "http://localhost.evil", "file://", "http://[::2]", "garbage\u00ff", "http://192.0.2.1:80"]);
      return { bytes: request({ headers: { ...(rand() < 0.5 ? S : {}), Origin: origin }, body: ping }), expect: expectStatus(403) };
    }],
    badHost: ["bad Host", 500, () => {
      const host = pick(["evil.example.com", `evil.example.com:${PORT}`, "127.0.0.1.nip.io", "localhost.evil:80", "[::2]", "0x7f000001", `127.0.0.2:${PORT}`]);
      return { bytes: request({ headers: { ...(rand() < 0.5 ? S : {}), Host: host }, body: ping }), expect: expectStatus(403) };
    }],
    missingHost: ["missing or empty Host", 100, () => ({ bytes: request({ headers: { Host: rand() < 0.5 ? null : "" }, body: ping }), expect: expectStatus(400, 403) })],
    unknownSession: ["unknown session", 500, () => {
      const id = pick([() => Math.random().toString(16).slice(2), () => sid.slice(0, -1) + (sid.endsWith("0") ? "1" : "0"), () => "0".repeat(32)])();
      const method = pick(["POST", "GET", "DELETE"]);
      const headers = { "Mcp-Session-Id": id, "MCP-Protocol-Version": "2025-11-25" };
      return { bytes: request({ method, headers, body: method === "POST" ? ping : "" }), expect: expectStatus(404) };
    }],
    garbageMethods: ["garbage HTTP methods and paths", 400, () => {
      const v = pick([
        [{ method: pick(["PUT", "PATCH", "BLAH", "TRACE", "CONNECT", "PROPFIND"]) }, [405, 400]],
        // "/" is the dashboard's page: a POST there gets 405
        [{ path: pick(["/", "/mcpx", "/mcp/../etc/passwd", "/%00", "/" + "p".repeat(10000), "*"]) }, [404, 405, 400, 431]],
        [{ version: pick(["HTTP/2.0", "HTTP/0.9", "HTTP/1.1x", "FOO"]) }, [400, 505]],
      ]);
      return { bytes: request({ ...v[0], headers: S, body: ping }), expect: expectStatus(...v[1]) };
    }],
    pipelined: ["pipelined on one keep-alive connection", 300, () => {
      // A JSON-level error must not poison the connection: three requests
      // in one write, three answers, in order.
      const KA = { ...S, Connection: "keep-alive" };
      const middle = pick([...wrongTypes, ...huge, pick(valid).slice(0, 10)]);
      const bytes = Buffer.concat([request({ headers: KA, body: ping }), request({ headers: KA, body: middle }),
        request({ headers: S, body: '{"jsonrpc":"2.0","id":"last","method":"ping"}' })]);
      return { bytes, pipelined: 3, expect: expectStatus(200) };
    }],
    garbageBytes: ["garbage bytes", 80, () => {
      const n = 1 + int(4096);
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = int(256);
      const asBody = rand() < 0.5;
      return { bytes: asBody ? request({ headers: S, body: b }) : Buffer.concat([b, Buffer.from("\r\n\r\n")]), raw: !asBody, expect: expectStatus(200, 400, 404, 405, 431) };
    }],
  };
}
