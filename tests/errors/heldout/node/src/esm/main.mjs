import { version, parseArgs } from "./lib.mjs";
console.log(version, parseArgs);
