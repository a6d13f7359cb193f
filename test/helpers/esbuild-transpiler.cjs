// ts-node's transpiler for tap's test processes (named by the "ts-node" section of tsconfig.json, which ts-node
// finds from the working folder): esbuild, the transform tsx runs (bench, scripts), in place of TypeScript's
// transpileModule. Each test file is its own process that loads most of src/ afresh, and transpileModule took
// about 4 s of CPU per file for that where esbuild takes under 1 s; no type is checked either way (`npm run
// typecheck` does that). tsconfig.json has isolatedModules and verbatimModuleSyntax, so a file's output does not
// depend on any other file, which is all a per-file transform can honour. It is named in tsconfig.json rather than
// by TS_NODE_PROJECT in .taprc's test-env: that variable reaches every process a test starts, and
// dependency-cruiser (tsconfig-paths) reads it, so `depcruise` in a test's temporary folder failed on a relative
// path that was not there.
// esbuild is resolved from tsx, whose dependency it is, so that hoisting does not matter.
const { createRequire } = require("node:module");
const esbuild = createRequire(require.resolve("tsx/package.json"))("esbuild");

exports.create = function create(options) {
  const format = options.nodeModuleEmitKind === "nodecjs" ? "cjs" : "esm";
  return {
    transpile(input, { fileName }) {
      const { code, map } = esbuild.transformSync(input, {
        loader: fileName.endsWith("x") ? "tsx" : "ts",
        format,
        target: "es2022",
        sourcemap: "external",
        sourcefile: fileName,
        tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true, useDefineForClassFields: true } },
      });
      return { outputText: code, sourceMapText: map };
    },
  };
};
