import { execFile } from "node:child_process";
import { DriftInputError } from "./input-error.js";

/** The model `--model botocore` names: the service and API version the document describes. */
const modelName = "chime-sdk-voice/2022-08-03/service-2";

/**
 * Asks botocore itself where its model is, as boto3 and the aws CLI would load it: the session's data loader,
 * so that `~/.aws/models` and `AWS_DATA_PATH` come before botocore's own `data/`, and `.json` before `.json.gz`.
 */
const script = `
import json, os, sys
try:
    import botocore, botocore.loaders, botocore.session
except Exception as error:
    print(json.dumps({"python": sys.executable, "problem": "%s: %s" % (type(error).__name__, error)}))
    sys.exit(0)
loader = botocore.session.get_session().get_component("data_loader")
extensions = list(getattr(botocore.loaders, "_JSON_OPEN_METHODS", {".json": 0, ".json.gz": 0}))
found = next((os.path.join(base, sys.argv[1] + ext) for base in loader.search_paths for ext in extensions
              if os.path.isfile(os.path.join(base, sys.argv[1] + ext))), None)
print(json.dumps({"python": sys.executable, "version": botocore.__version__,
                  "root": os.path.dirname(botocore.__file__), "file": found}))
`;

export interface InstalledBotocore {
  /** The model file botocore would load. */
  file: string;
  version: string;
  python: string;
}

interface Answer {
  python?: string;
  problem?: string;
  version?: string;
  root?: string;
  file?: string | null;
}

/** Finds the chime-sdk-voice model of the botocore that `python3` on PATH imports; DriftInputError when there is none. */
export async function installedBotocore(env: NodeJS.ProcessEnv = process.env): Promise<InstalledBotocore> {
  const answer = await askPython(env);
  if (answer.problem !== undefined || answer.version === undefined) {
    throw new DriftInputError(
      `--model botocore: ${answer.python ?? "python3"} cannot import botocore (${answer.problem ?? "no version"}); install boto3 or the aws CLI for that python3, or give --model FILE`,
    );
  }
  if (typeof answer.file !== "string") {
    throw new DriftInputError(
      `--model botocore: botocore ${answer.version} (${answer.root}) has no ${modelName} model; upgrade botocore, or give --model FILE`,
    );
  }
  return { file: answer.file, version: answer.version, python: answer.python ?? "python3" };
}

function askPython(env: NodeJS.ProcessEnv): Promise<Answer> {
  return new Promise((resolve, reject) => {
    execFile(
      "python3",
      ["-c", script, modelName],
      { env, timeout: 30_000, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        if ((error as NodeJS.ErrnoException | null)?.code === "ENOENT") {
          reject(new DriftInputError("--model botocore: no python3 on PATH to find botocore with; give --model FILE"));
          return;
        }
        try {
          if (error) throw error;
          resolve(JSON.parse(stdout) as Answer);
        } catch (failure) {
          const said = String(stderr).trim().split("\n").pop() || (failure as Error).message.split("\n")[0];
          reject(new DriftInputError(`--model botocore: python3 could not say where botocore is: ${said}`));
        }
      },
    );
  });
}
