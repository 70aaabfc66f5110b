import { render } from "./view.js";
import { format } from "./missing-format.js";
import lodash from "lodash-not-installed";

render(format(lodash.now()));
