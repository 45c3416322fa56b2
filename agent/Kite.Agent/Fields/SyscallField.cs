namespace Kite.Agent.Fields;

/// <summary>
/// Ids of the syscall-source fields (<see cref="Kite.Rules.Fields.FieldId.Value"/>), in declaration
/// order of <see cref="SyscallFieldCatalog"/>: the capture side's <c>EventContext</c> switches on them.
/// </summary>
internal enum SyscallField
{
    /// <summary>`evt.type`</summary>
    EvtType = 0,
    /// <summary>`evt.num`</summary>
    EvtNum = 1,
    /// <summary>`evt.time`</summary>
    EvtTime = 2,
    /// <summary>`evt.time.iso8601`</summary>
    EvtTimeIso8601 = 3,
    /// <summary>`evt.rawtime`</summary>
    EvtRawTime = 4,
    /// <summary>`evt.dir`</summary>
    EvtDir = 5,
    /// <summary>`evt.cpu`</summary>
    EvtCpu = 6,
    /// <summary>`evt.hostname`</summary>
    EvtHostname = 7,
    /// <summary>`evt.source`</summary>
    EvtSource = 8,
    /// <summary>`evt.arg`</summary>
    EvtArg = 9,
    /// <summary>`evt.rawarg`</summary>
    EvtRawArg = 10,
    /// <summary>`evt.args`</summary>
    EvtArgs = 11,
    /// <summary>`evt.res`</summary>
    EvtRes = 12,
    /// <summary>`evt.rawres`</summary>
    EvtRawRes = 13,
    /// <summary>`evt.failed`</summary>
    EvtFailed = 14,
    /// <summary>`evt.is_open_read`</summary>
    EvtIsOpenRead = 15,
    /// <summary>`evt.is_open_write`</summary>
    EvtIsOpenWrite = 16,
    /// <summary>`evt.is_open_exec`</summary>
    EvtIsOpenExec = 17,
    /// <summary>`evt.buffer`</summary>
    EvtBuffer = 18,
    /// <summary>`evt.latency`</summary>
    EvtLatency = 19,
    /// <summary>`proc.pid`</summary>
    ProcPid = 20,
    /// <summary>`proc.ppid`</summary>
    ProcPpid = 21,
    /// <summary>`proc.vpid`</summary>
    ProcVpid = 22,
    /// <summary>`proc.pvpid`</summary>
    ProcPvpid = 23,
    /// <summary>`proc.sid`</summary>
    ProcSid = 24,
    /// <summary>`proc.vpgid`</summary>
    ProcVpgid = 25,
    /// <summary>`proc.is_vpgid_leader`</summary>
    ProcIsVpgidLeader = 26,
    /// <summary>`proc.name`</summary>
    ProcName = 27,
    /// <summary>`proc.exe`</summary>
    ProcExe = 28,
    /// <summary>`proc.exepath`</summary>
    ProcExePath = 29,
    /// <summary>`proc.args`</summary>
    ProcArgs = 30,
    /// <summary>`proc.cmdline`</summary>
    ProcCmdline = 31,
    /// <summary>`proc.cmdnargs`</summary>
    ProcCmdNArgs = 32,
    /// <summary>`proc.cwd`</summary>
    ProcCwd = 33,
    /// <summary>`proc.env`</summary>
    ProcEnv = 34,
    /// <summary>`proc.tty`</summary>
    ProcTty = 35,
    /// <summary>`proc.duration`</summary>
    ProcDuration = 36,
    /// <summary>`proc.start_ts`</summary>
    ProcStartTs = 37,
    /// <summary>`proc.sname`</summary>
    ProcSname = 38,
    /// <summary>`proc.pname`</summary>
    ProcPname = 39,
    /// <summary>`proc.pexe`</summary>
    ProcPexe = 40,
    /// <summary>`proc.pexepath`</summary>
    ProcPexePath = 41,
    /// <summary>`proc.pcmdline`</summary>
    ProcPcmdline = 42,
    /// <summary>`proc.aname`</summary>
    ProcAname = 43,
    /// <summary>`proc.aexe`</summary>
    ProcAexe = 44,
    /// <summary>`proc.aexepath`</summary>
    ProcAexePath = 45,
    /// <summary>`proc.acmdline`</summary>
    ProcAcmdline = 46,
    /// <summary>`proc.apid`</summary>
    ProcApid = 47,
    /// <summary>`proc.exe_ino.ctime`</summary>
    ProcExeInoCtime = 48,
    /// <summary>`proc.exe_ino.mtime`</summary>
    ProcExeInoMtime = 49,
    /// <summary>`proc.exe_ino.ctime_duration_proc_start`</summary>
    ProcExeInoCtimeDurationProcStart = 50,
    /// <summary>`proc.is_exe_writable`</summary>
    ProcIsExeWritable = 51,
    /// <summary>`proc.is_exe_upper_layer`</summary>
    ProcIsExeUpperLayer = 52,
    /// <summary>`proc.is_exe_from_memfd`</summary>
    ProcIsExeFromMemfd = 53,
    /// <summary>`thread.tid`</summary>
    ThreadTid = 54,
    /// <summary>`thread.vtid`</summary>
    ThreadVtid = 55,
    /// <summary>`thread.cap_permitted`</summary>
    ThreadCapPermitted = 56,
    /// <summary>`thread.cap_effective`</summary>
    ThreadCapEffective = 57,
    /// <summary>`thread.cap_inheritable`</summary>
    ThreadCapInheritable = 58,
    /// <summary>`user.uid`</summary>
    UserUid = 59,
    /// <summary>`user.name`</summary>
    UserName = 60,
    /// <summary>`user.loginuid`</summary>
    UserLoginUid = 61,
    /// <summary>`user.loginname`</summary>
    UserLoginName = 62,
    /// <summary>`user.homedir`</summary>
    UserHomeDir = 63,
    /// <summary>`user.shell`</summary>
    UserShell = 64,
    /// <summary>`group.gid`</summary>
    GroupGid = 65,
    /// <summary>`group.name`</summary>
    GroupName = 66,
    /// <summary>`fd.num`</summary>
    FdNum = 67,
    /// <summary>`fd.type`</summary>
    FdType = 68,
    /// <summary>`fd.typechar`</summary>
    FdTypeChar = 69,
    /// <summary>`fd.name`</summary>
    FdName = 70,
    /// <summary>`fd.directory`</summary>
    FdDirectory = 71,
    /// <summary>`fd.filename`</summary>
    FdFilename = 72,
    /// <summary>`fd.nameraw`</summary>
    FdNameRaw = 73,
    /// <summary>`fd.sockfamily`</summary>
    FdSockFamily = 74,
    /// <summary>`fd.l4proto`</summary>
    FdL4Proto = 75,
    /// <summary>`fd.is_server`</summary>
    FdIsServer = 76,
    /// <summary>`fd.connected`</summary>
    FdConnected = 77,
    /// <summary>`fd.name_changed`</summary>
    FdNameChanged = 78,
    /// <summary>`fd.ip`</summary>
    FdIp = 79,
    /// <summary>`fd.cip`</summary>
    FdCip = 80,
    /// <summary>`fd.sip`</summary>
    FdSip = 81,
    /// <summary>`fd.lip`</summary>
    FdLip = 82,
    /// <summary>`fd.rip`</summary>
    FdRip = 83,
    /// <summary>`fd.port`</summary>
    FdPort = 84,
    /// <summary>`fd.cport`</summary>
    FdCport = 85,
    /// <summary>`fd.sport`</summary>
    FdSport = 86,
    /// <summary>`fd.lport`</summary>
    FdLport = 87,
    /// <summary>`fd.rport`</summary>
    FdRport = 88,
    /// <summary>`fd.net`</summary>
    FdNet = 89,
    /// <summary>`fd.cnet`</summary>
    FdCnet = 90,
    /// <summary>`fd.snet`</summary>
    FdSnet = 91,
    /// <summary>`fd.lnet`</summary>
    FdLnet = 92,
    /// <summary>`fd.rnet`</summary>
    FdRnet = 93,
    /// <summary>`fd.cip.name`</summary>
    FdCipName = 94,
    /// <summary>`fd.sip.name`</summary>
    FdSipName = 95,
    /// <summary>`fd.lip.name`</summary>
    FdLipName = 96,
    /// <summary>`fd.rip.name`</summary>
    FdRipName = 97,
    /// <summary>`fd.dev`</summary>
    FdDev = 98,
    /// <summary>`fd.ino`</summary>
    FdIno = 99,
    /// <summary>`container.id`</summary>
    ContainerId = 100,
    /// <summary>`container.name`</summary>
    ContainerName = 101,
    /// <summary>`container.image`</summary>
    ContainerImage = 102,
    /// <summary>`container.image.repository`</summary>
    ContainerImageRepository = 103,
    /// <summary>`container.image.tag`</summary>
    ContainerImageTag = 104,
    /// <summary>`container.image.digest`</summary>
    ContainerImageDigest = 105,
    /// <summary>`container.type`</summary>
    ContainerType = 106,
    /// <summary>`container.privileged`</summary>
    ContainerPrivileged = 107,
    /// <summary>`container.mounts`</summary>
    ContainerMounts = 108,
    /// <summary>`container.mount.dest`</summary>
    ContainerMountDest = 109,
    /// <summary>`container.mount.source`</summary>
    ContainerMountSource = 110,
    /// <summary>`container.start_ts`</summary>
    ContainerStartTs = 111,
    /// <summary>`k8s.pod.name`</summary>
    K8sPodName = 112,
    /// <summary>`k8s.pod.uid`</summary>
    K8sPodUid = 113,
    /// <summary>`k8s.ns.name`</summary>
    K8sNsName = 114,
    /// <summary>`container.full_id`</summary>
    ContainerFullId = 115,
    /// <summary>`k8s.pod.label`</summary>
    K8sPodLabel = 116,
    /// <summary>`k8s.pod.labels`</summary>
    K8sPodLabels = 117,
    /// <summary>`k8s.container.name`</summary>
    K8sContainerName = 118,

    // The deprecated rest of the evt.latency family, added after the others so existing ids stay as they are.

    /// <summary>`evt.latency.s`</summary>
    EvtLatencyS = 119,
    /// <summary>`evt.latency.ns`</summary>
    EvtLatencyNs = 120,
    /// <summary>`evt.latency.human`</summary>
    EvtLatencyHuman = 121,
    /// <summary>`evt.wait_latency`</summary>
    EvtWaitLatency = 122,
    /// <summary>`proc.aenv`</summary>
    ProcAenv = 123,
}
