// Which way imports in src/ may point, checked by `npm test` (`depcruise src`). Type-only imports and dynamic
// import() count as imports: either one ties the importer to the imported module's shape.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "runner-not-to-server",
      severity: "error",
      comment:
        "The runner tests any target through its base URL; it never loads the reference server. The `test` command starts the embedded server and hands the runner its URL.",
      from: { path: "^src/runner/" },
      to: { path: "^src/server/" },
    },
    {
      name: "server-not-to-command-line",
      severity: "error",
      comment:
        "The server is a library that the command line starts; what both need (the duration grammar) lives in src/contract/ or another neutral module.",
      from: { path: "^src/server/" },
      to: { path: "^src/(cli/|commands/|cli\\.ts$|bin\\.ts$)" },
    },
    {
      name: "access-is-neutral",
      severity: "error",
      comment:
        "Who may talk to the local servers (Host and Origin rules) is shared by `serve` and `proxy`: it imports neither of them, nor the runner or the command line.",
      from: { path: "^src/access/" },
      to: { path: "^src/(server|runner|proxy|commands|cli)/|^src/(cli|bin)\\.ts$" },
    },
    {
      name: "child-command-is-neutral",
      severity: "error",
      comment: "Running `-- COMMAND` is shared by `serve` and `proxy`: it imports neither.",
      from: { path: "^src/cli/child-command\\.ts$" },
      to: { path: "^src/(server|proxy|runner)/" },
    },
    {
      name: "no-cycles",
      severity: "error",
      comment: "No module in src/ reaches itself through its imports, type-only and dynamic ones included.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "src-not-to-bench-or-test",
      severity: "error",
      comment: "The package ships src/ alone: nothing in it may need bench/ or test/.",
      from: { path: "^src/" },
      to: { path: "^(bench|test)/" },
    },
    {
      name: "proxy-not-to-runner",
      severity: "error",
      comment:
        "The proxy and the runner are two testers of one judge (src/judge/): the proxy never loads the runner. What both need lives in src/judge/, src/http/, src/cases/ or src/fixtures/.",
      from: { path: "^src/proxy/" },
      to: { path: "^src/runner/" },
    },
    {
      name: "runner-not-to-proxy",
      severity: "error",
      comment: "The runner never loads the proxy (see proxy-not-to-runner).",
      from: { path: "^src/runner/" },
      to: { path: "^src/proxy/" },
    },
    {
      name: "reporters-consume-events",
      severity: "error",
      comment:
        "Reporters turn events into output and never call back: they read the events' vocabulary (events, findings, exchanges, excerpts) and the contract's catalogue (rules, errors, members), nothing of the runner, the proxy, the server or the checks.",
      from: { path: "^src/reporters/" },
      to: {
        path: "^src/",
        pathNot: [
          "^src/reporters/",
          "^src/judge/(events|finding|exchange|excerpt)\\.ts$",
          "^src/contract/(rules|errors|members|paths)\\.ts$",
          "^src/errors\\.ts$",
          "^src/cases/case\\.ts$",
        ],
      },
    },
    {
      name: "bench-not-to-test",
      severity: "error",
      comment:
        "Benchmarks run on their own: they may share support code in bench/support/ with the tests, never need test/.",
      from: { path: "^bench/" },
      to: { path: "^test/" },
    },
    {
      name: "resolvable",
      severity: "error",
      comment:
        "An import that does not resolve to a file or a package would hide from every rule above (and fail at run time).",
      from: { path: "^src/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Type-only imports are part of the graph (`import type`, `import { type X }`), as are dynamic import()s.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
