import { total } from "./calc.js";
console.log(total([1, 2, 3]));
