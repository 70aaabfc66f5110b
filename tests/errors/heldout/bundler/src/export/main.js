import { formatPrice, formatDate } from "./format.js";
document.querySelector("#app").textContent = formatPrice(3) + formatDate(0);
