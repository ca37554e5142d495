// Foam on wave crests, included by Water.shader.
float4 _FoamTint;
float _FoamCutoff;

float4 ApplyFoam(float4 baseColor, float crest)
{
    float foam = saturate((crest - _FoamCutoff) * 8.0);
    return lerp(baseColor, foamColor, foam);
}
