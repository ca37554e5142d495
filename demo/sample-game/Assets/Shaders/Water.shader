Shader "Custom/Water"
{
    Properties
    {
        _ShallowColor ("Shallow Color", Color) = (0.2, 0.8, 0.9, 0.6)
        _DeepColor ("Deep Color", Color) = (0.0, 0.2, 0.4, 0.9)
        _WaveSpeed ("Wave Speed", Float) = 1.0
        _WaveHeight ("Wave Height", Float) = 0.2
    }
    SubShader
    {
        Tags { "Queue" = "Transparent" "RenderType" = "Transparent" }
        Blend SrcAlpha OneMinusSrcAlpha

        Pass
        {
            HLSLPROGRAM
            #pragma vertex vert
            #pragma fragment frag
            #include "UnityCG.cginc"

            float4 _ShallowColor;
            float4 _DeepColor;
            float _WaveSpeed;
            float _WaveHeight;

            struct appdata { float4 vertex : POSITION; float2 uv : TEXCOORD0; };
            struct v2f { float4 pos : SV_POSITION; float2 uv : TEXCOORD0; float depth : TEXCOORD1; };

            v2f vert (appdata v)
            {
                v2f o;
                v.vertex.y += sin(_Time.y * _WaveSpeed + v.vertex.x) * _WaveHeight;
                o.pos = UnityObjectToClipPos(v.vertex);
                o.uv = v.uv;
                o.depth = saturate(v.vertex.y / _WaveHeight);
                return o;
            }

            float4 frag (v2f i) : SV_Target
            {
                return lerp(_DeepColor, _ShallowColor, i.depth);
            }
            ENDHLSL
        }
    }
}
