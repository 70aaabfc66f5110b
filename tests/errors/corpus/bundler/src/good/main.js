import { add } from "./math.js";
// error handling lives in errors.js
import { report } from "./errors.js";
report(add(1, 2));
