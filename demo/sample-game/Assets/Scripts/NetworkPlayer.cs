using Unity.Netcode;
using UnityEngine;

public class NetworkPlayer : NetworkBehaviour
{
    private readonly NetworkVariable<Vector3> serverPosition = new NetworkVariable<Vector3>();

    private void Update()
    {
        if (IsOwner)
        {
            var move = new Vector3(Input.GetAxis("Horizontal"), 0f, Input.GetAxis("Vertical"));
            SubmitMoveServerRpc(move * Time.deltaTime * 5f);
        }

        // Snapping to the server position every frame makes remote players stutter at 20 Hz ticks.
        transform.position = serverPosition.Value;
    }

    [ServerRpc]
    private void SubmitMoveServerRpc(Vector3 delta)
    {
        serverPosition.Value += delta;
    }
}
