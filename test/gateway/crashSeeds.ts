/**
 * The development gateway's seeded crash groups, with stacks as deep as real ones: a Unity player
 * crash reports the game's managed frames, then IL2CPP's invoker and the engine's player loop down
 * to the OS thread start (20–30 frames), and a native fault on a physics worker thread runs through
 * PhysX and the job system, then the main thread that waited for it (38). Only the top frames
 * point into the e2e sample project (demo/sample-game); the rest are engine and OS frames.
 */

export interface CrashSeed {
  readonly message: string;
  readonly stack: readonly string[];
  readonly count: number;
  readonly platforms: readonly string[];
  readonly versions: readonly string[];
}

/** A managed call into the game from IL2CPP (GameAssembly), the way the player loop reaches a MonoBehaviour. */
const IL2CPP_INVOKE = [
  'GameAssembly.dll!RuntimeInvoker_TrueVoid_t700C6383A2A510C2CF4DD86DABD5CA9FF70ADAC5',
  'GameAssembly.dll!il2cpp::vm::Runtime::InvokeWithThrow',
  'GameAssembly.dll!il2cpp::vm::Runtime::Invoke',
  'GameAssembly.dll!il2cpp_runtime_invoke',
  'UnityPlayer.dll!scripting_method_invoke',
  'UnityPlayer.dll!ScriptingInvocation::Invoke',
  'UnityPlayer.dll!MonoBehaviour::CallMethodIfAvailable',
  'UnityPlayer.dll!MonoBehaviour::CallUpdateMethod',
];

/** The Windows player's main thread below one player-loop phase. */
const WINDOWS_MAIN = [
  'UnityPlayer.dll!ExecutePlayerLoop',
  'UnityPlayer.dll!ExecutePlayerLoop',
  'UnityPlayer.dll!PlayerLoop',
  'UnityPlayer.dll!PerformMainLoop',
  'UnityPlayer.dll!MainMessageLoop',
  'UnityPlayer.dll!UnityMainImpl',
  'UnityPlayer.dll!UnityMain',
  'SampleGame.exe!__scrt_common_main_seh',
  'KERNEL32.DLL!BaseThreadInitThunk',
  'ntdll.dll!RtlUserThreadStart',
];

const phase = (manager: string, registrator: string): string[] => [
  `UnityPlayer.dll!BaseBehaviourManager::CommonUpdate<${manager}>`,
  `UnityPlayer.dll!${manager}::Update`,
  `UnityPlayer.dll!\`InitPlayerLoopCallbacks'::\`2'::${registrator}::Forward`,
];

/** The Linux player's main thread. */
const LINUX_MAIN = [
  'UnityPlayer.so!ExecutePlayerLoop',
  'UnityPlayer.so!ExecutePlayerLoop',
  'UnityPlayer.so!PlayerLoop',
  'UnityPlayer.so!PlayerMain',
  'UnityPlayer.so!LinuxPlayerMain',
  'SampleGame.x86_64!main',
  'libc.so.6!__libc_start_call_main',
  'libc.so.6!__libc_start_main_impl',
  'SampleGame.x86_64!_start',
];

/** A segmentation fault inside PhysX's narrow phase, on one of the job system's worker threads. */
const PHYSX_WORKER = [
  'PhysX_64.dll!physx::Gu::contactConvexMesh',
  'PhysX_64.dll!physx::PxcContactConvexMesh',
  'PhysX_64.dll!physx::PxcDiscreteNarrowPhase',
  'PhysX_64.dll!physx::PxcNpBatch::runNarrowPhase',
  'PhysX_64.dll!physx::PxsCMDiscreteUpdateTask::processCms',
  'PhysX_64.dll!physx::PxsCMDiscreteUpdateTask::runInternal',
  'PhysX_64.dll!physx::Cm::Task::run',
  'PhysX_64.dll!physx::PxsContext::updateContactManager',
  'PhysX_64.dll!physx::Dy::DynamicsContext::update',
  'PhysX_64.dll!physx::Sc::Scene::updateDynamics',
  'PhysX_64.dll!physx::Sc::Scene::collideStep',
  'PhysX_64.dll!physx::Cm::DelegateTask<physx::Sc::Scene,&physx::Sc::Scene::collideStep>::runInternal',
  'PhysX_64.dll!physx::Cm::Task::run',
  'UnityPlayer.dll!PhysxJobDispatcher::ExecuteTask',
  'UnityPlayer.dll!ujob_execute_job',
  'UnityPlayer.dll!lane_guts',
  'UnityPlayer.dll!worker_thread_routine',
  'UnityPlayer.dll!Thread::RunThreadWrapper',
  'KERNEL32.DLL!BaseThreadInitThunk',
  'ntdll.dll!RtlUserThreadStart',
];

/** The main thread waiting on that worker: the fault's report walks both. */
const PHYSX_MAIN = [
  'UnityPlayer.dll!JobQueue::WaitForJobGroupID',
  'UnityPlayer.dll!ujob_wait_for',
  'PhysX_64.dll!physx::NpScene::fetchResults',
  'UnityPlayer.dll!PhysicsManager::FetchResults',
  'UnityPlayer.dll!PhysicsManager::SimulateStep',
  'UnityPlayer.dll!PhysicsManager::Simulate',
  'UnityPlayer.dll!PhysicsManager::FixedUpdate',
  'UnityPlayer.dll!`InitPlayerLoopCallbacks\'::`2\'::FixedUpdatePhysicsFixedUpdateRegistrator::Forward',
  ...WINDOWS_MAIN,
];

/** Four crash groups; the Inventory one skips 1.1.0 and comes back in 1.2.0 (a regression). */
export const CRASH_SEEDS: readonly CrashSeed[] = [
  {
    message: 'NullReferenceException: Object reference not set to an instance of an object',
    stack: ['PlayerController.FixedUpdate (Assets/Scripts/PlayerController.cs:30)', ...IL2CPP_INVOKE, ...phase('FixedBehaviourManager', 'FixedUpdateScriptRunBehaviourFixedUpdateRegistrator'), ...WINDOWS_MAIN],
    count: 64,
    platforms: ['windows', 'android'],
    versions: ['1.0.0', '1.1.0', '1.2.0'],
  },
  {
    message: 'ArgumentOutOfRangeException: Index was out of range. Must be non-negative and less than the size of the collection.',
    stack: [
      'Inventory.TryAdd (Assets/Scripts/Inventory.cs:17)',
      'PlayerController.Update (Assets/Scripts/PlayerController.cs:19)',
      ...IL2CPP_INVOKE,
      ...phase('BehaviourManager', 'UpdateScriptRunBehaviourUpdateRegistrator'),
      ...WINDOWS_MAIN,
    ],
    count: 41,
    platforms: ['windows', 'macos'],
    versions: ['1.0.0', '1.2.0'],
  },
  {
    message: 'InvalidOperationException: Only the owner can invoke a ServerRpc',
    stack: [
      // Thrown by Netcode's RPC guard: the top in-workspace frame is the second.
      'Unity.Netcode.NetworkBehaviour.__beginSendServerRpc (Packages/com.unity.netcode.gameobjects/Runtime/Core/NetworkBehaviour.cs:98)',
      'NetworkPlayer.SubmitMoveServerRpc (Assets/Scripts/NetworkPlayer.cs:21)',
      'NetworkPlayer.Update (Assets/Scripts/NetworkPlayer.cs:13)',
      ...IL2CPP_INVOKE.map((frame) => frame.replace('.dll!', '.so!')),
      ...phase('BehaviourManager', 'UpdateScriptRunBehaviourUpdateRegistrator').map((frame) => frame.replace('.dll!', '.so!')),
      ...LINUX_MAIN,
    ],
    count: 19,
    platforms: ['linux'],
    versions: ['1.1.0', '1.2.0'],
  },
  {
    message: 'SIGSEGV: Segmentation fault',
    stack: [...PHYSX_WORKER, ...PHYSX_MAIN],
    count: 6,
    platforms: ['windows'],
    versions: ['1.2.0'],
  },
];
