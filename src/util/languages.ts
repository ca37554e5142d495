/** Display names for VS Code language ids game developers meet (the system line's "Language:", labels). */
const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  csharp: 'C#',
  cpp: 'C++',
  c: 'C',
  hlsl: 'HLSL',
  glsl: 'GLSL',
  wgsl: 'WGSL',
  shaderlab: 'ShaderLab',
  gdscript: 'GDScript',
  gdshader: 'Godot Shading Language',
  typescript: 'TypeScript',
  javascript: 'JavaScript',
  typescriptreact: 'TypeScript (React)',
  javascriptreact: 'JavaScript (React)',
  python: 'Python',
  lua: 'Lua',
  rust: 'Rust',
  go: 'Go',
  java: 'Java',
  json: 'JSON',
  yaml: 'YAML',
  xml: 'XML',
  plaintext: 'Plain text',
  shellscript: 'Shell',
  powershell: 'PowerShell',
  ini: 'INI',
  markdown: 'Markdown',
};

/** "C#" for csharp; an unknown id capitalised. */
export function languageName(languageId: string): string {
  return LANGUAGE_NAMES[languageId] ?? languageId.charAt(0).toUpperCase() + languageId.slice(1);
}
