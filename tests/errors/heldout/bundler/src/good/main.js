import { total } from "./cart.js";
import "./style.css";
document.querySelector("#app").textContent = `errors: none, total ${total([1, 2])}`;
