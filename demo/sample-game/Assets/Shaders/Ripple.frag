#version 450
// Ripple overlay for the water surface (GLSL, compiled with glslangValidator).
layout(location = 0) in vec2 uv;
layout(location = 0) out vec4 color;
layout(binding = 0) uniform Params { float time; vec4 tint; } params;

void main() {
  float ripple = sin(length(uv - 0.5) * 40.0 - params.time * 4.0) * 0.5 + 0.5;
  vec4 tint = params.tint;
  color = vec4(tnt.rgb * ripple, tint.a);
}
