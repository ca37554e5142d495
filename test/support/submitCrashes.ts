import * as assert from 'node:assert/strict';

/**
 * Submits `count` crashes of one new group (`POST /debug/crashes`, a boss's stack overflow in
 * 1.3.0) to the gateway at `url`: newer than every seeded crash, so the seeded groups move to
 * later pages.
 */
export async function submitCrashes(url: string, key: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/debug/crashes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ stack_trace: ['Boss.Enrage (Assets/Scripts/Boss.cs:12)', 'Boss.Update (Assets/Scripts/Boss.cs:8)', 'UnityPlayer.dll!PlayerLoop'], platform: 'windows', engine: 'unity', app_version: '1.3.0', message: 'StackOverflowException' }),
    });
    assert.equal(response.status, 201);
  }
}
