import settings from "./settings.json";
document.querySelector("#app").textContent = settings.title;
