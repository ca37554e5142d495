/**
 * The engine tools' arguments (compile_shader, import_engine_log, engine_profile), as JSON
 * Schema; toolSchemas.ts folds them into TOOL_SCHEMAS. Kept apart so the tool list grows in
 * separate blocks. Values the compilers receive as option values (stage, entry, target) are
 * words that cannot start with `-`, so none can be read as an option. Pure.
 */
import { SHADER_STAGES, type ShaderStage } from './shaderCompiler';

const PATH_CHARS = 1_024;
const WORKSPACE_PATH = 'Workspace-relative path with forward slashes, e.g. "Assets/Shaders/Water.frag".';

export const ENGINE_TOOL_SCHEMAS = {
  compile_shader: {
    $id: 'compile_shader',
    type: 'object',
    required: ['path'],
    additionalProperties: false,
    properties: {
      path: { type: 'string', minLength: 1, maxLength: PATH_CHARS, description: `${WORKSPACE_PATH} GLSL (.vert, .frag, .comp, .geom, .tesc, .tese, .glsl) or HLSL (.hlsl, .fx).` },
      stage: { type: 'string', enum: SHADER_STAGES, description: 'The shader stage; needed for .glsl and .hlsl files (the other extensions name it): vert, frag (fragment/pixel), comp, geom, tesc (hull), tese (domain).' },
      entry: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'Entry point function (default "main").' },
      target: {
        type: 'string',
        minLength: 1,
        maxLength: 32,
        pattern: '^[A-Za-z0-9][A-Za-z0-9_.]*$',
        description: 'GLSL: a glslang --target-env such as "vulkan1.2" or "opengl" (default: validate as OpenGL GLSL). HLSL: a profile such as "ps_6_6" (default: the stage\'s, shader model 6.0 with DXC, 5.0 with FXC).',
      },
    },
  },
  import_engine_log: {
    $id: 'import_engine_log',
    type: 'object',
    required: ['path'],
    additionalProperties: false,
    properties: {
      path: { type: 'string', minLength: 1, maxLength: PATH_CHARS, description: `${WORKSPACE_PATH.replace('Assets/Shaders/Water.frag', 'Logs/Editor.log')} A Unity Editor.log, an Unreal or MSBuild build log, a Godot output log, or a shader compiler's output saved to a file.` },
    },
  },
  engine_profile: {
    $id: 'engine_profile',
    type: 'object',
    additionalProperties: false,
    properties: {},
  },
} as const;

export interface EngineToolArgs {
  compile_shader: { readonly path: string; readonly stage?: ShaderStage; readonly entry?: string; readonly target?: string };
  import_engine_log: { readonly path: string };
  /** No arguments. */
  engine_profile: Readonly<Record<string, never>>;
}
