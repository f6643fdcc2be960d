import { config } from "./config";
import { Editor } from "./editor/Editor";
import { LegacyEditor } from "./editor/LegacyEditor";

export function App() {
  return config.newEditor ? <Editor /> : <LegacyEditor />;
}
