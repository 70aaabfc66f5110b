import { add, nothere } from "./math.js";
const cfg = { port: 8080, host: "localhost", port: 9090 };
if (typeof cfg.port == "integer") console.log(add(1, 2), nothere);
