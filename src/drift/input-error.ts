export { DriftInputError } from "../errors.js";
