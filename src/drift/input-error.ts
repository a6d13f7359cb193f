/** Input the drift check cannot use (unreadable, not a model, lacking the operations): exit 2, one line. */
export class DriftInputError extends Error {
  override name = "DriftInputError";
}
