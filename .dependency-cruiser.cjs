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
