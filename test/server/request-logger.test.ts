// A request's logger builds its pino child only when a line is written; every line still names the request
// id and the operation (the info-level line per answer is checked end to end in serve-options.test.ts).
import t from "tap";
import type { FastifyBaseLogger } from "fastify";
import { RequestLogger } from "../../src/server/request-logger.js";

type Call = { level: string; args: unknown[]; bindings: Record<string, unknown> };

/** A parent logger that records the children it builds and the lines they write. */
function recorder(level: string) {
  const children: Array<{ bindings: Record<string, unknown>; options: unknown }> = [];
  const calls: Call[] = [];
  const make = (bindings: Record<string, unknown>): FastifyBaseLogger => {
    const write =
      (name: string) =>
      (...args: unknown[]) =>
        void calls.push({ level: name, args, bindings });
    return {
      level,
      fatal: write("fatal"),
      error: write("error"),
      warn: write("warn"),
      info: write("info"),
      debug: write("debug"),
      trace: write("trace"),
      silent: () => {},
      child(childBindings: Record<string, unknown>, options?: unknown) {
        children.push({ bindings: childBindings, options });
        return make({ ...bindings, ...childBindings });
      },
    } as FastifyBaseLogger;
  };
  return { parent: make({}), children, calls };
}

const request = { method: "POST", url: "/phone-numbers/%2B12065550100" };

t.test("below the level: no child is built and nothing is written", async (t) => {
  const { parent, children, calls } = recorder("warn");
  const log = new RequestLogger(parent, { reqId: "r-1" }, {}, request);
  log.info({ req: {} }, "incoming request");
  log.debug("detail");
  log.trace("more detail");
  t.same(children, []);
  t.same(calls, []);
  t.equal(log.level, "warn");
});

t.test("at or above the level: one child, with the request id and the operation, for every line", async (t) => {
  const { parent, children, calls } = recorder("warn");
  const log = new RequestLogger(parent, { reqId: "r-2" }, {}, request);
  log.error({ err: new Error("x") }, "unexpected error");
  log.warn("again");
  log.fatal("and again");
  t.equal(children.length, 1, "built once");
  t.same(children[0]!.bindings, { reqId: "r-2", operation: "UpdatePhoneNumber" });
  t.same(
    calls.map((c) => [c.level, c.args[c.args.length - 1], c.bindings.operation]),
    [
      ["error", "unexpected error", "UpdatePhoneNumber"],
      ["warn", "again", "UpdatePhoneNumber"],
      ["fatal", "and again", "UpdatePhoneNumber"],
    ],
  );
});

t.test("at info, each request's lines are written (the level is the parent's)", async (t) => {
  const { parent, calls } = recorder("info");
  const log = new RequestLogger(parent, { reqId: "r-3" }, {}, { method: "GET", url: "/other" });
  log.info({ res: {} }, "request completed");
  log.debug("not at info");
  t.same(
    calls.map((c) => [c.level, c.bindings]),
    [["info", { reqId: "r-3", operation: "outside" }]],
  );
});

t.test("a level of its own (a route's logLevel) builds the child at once, with the options given", async (t) => {
  const { parent, children } = recorder("warn");
  new RequestLogger(parent, { reqId: "r-4" }, { level: "debug" }, request);
  t.same(children, [{ bindings: { reqId: "r-4", operation: "UpdatePhoneNumber" }, options: { level: "debug" } }]);
});

t.test("child() and setting the level go to the built child", async (t) => {
  const { parent, children, calls } = recorder("warn");
  const log = new RequestLogger(parent, { reqId: "r-5" }, {}, request);
  log.child({ part: "inner" }).error("from a grandchild");
  t.same(
    children.map((c) => c.bindings),
    [{ reqId: "r-5", operation: "UpdatePhoneNumber" }, { part: "inner" }],
  );
  t.same(calls[0]!.bindings, { reqId: "r-5", operation: "UpdatePhoneNumber", part: "inner" });
  log.level = "debug";
  t.equal(log.level, "debug");
});
