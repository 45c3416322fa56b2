namespace Kite.Agent.Events;

/// <summary>io_uring's tables: the kernel's values (include/uapi/linux/io_uring.h) under Falco's names.</summary>
internal static partial class FlagTables
{
    /// <summary>
    /// io_uring_params.flags. Falco's table also lists IORING_SQ_NEED_WAKEUP, a flag of the submission ring,
    /// never of setup; and spells IORING_SETUP_ATTACH_WQ as IORING_SETUP_ATTACH_RW (kept: rules compare text).
    /// </summary>
    public static FlagTable IoUringSetupFlags { get; } = new("io_uring_setup_flags", isEnum: false,
        [
            new("IORING_SETUP_IOPOLL", 1 << 0),
            new("IORING_SETUP_SQPOLL", 1 << 1),
            new("IORING_SETUP_SQ_AFF", 1 << 2),
            new("IORING_SETUP_CQSIZE", 1 << 3),
            new("IORING_SETUP_CLAMP", 1 << 4),
            new("IORING_SETUP_ATTACH_RW", 1 << 5),
            new("IORING_SETUP_R_DISABLED", 1 << 6),
        ]);

    /// <summary>io_uring_params.features, as the kernel reports them after a successful setup.</summary>
    public static FlagTable IoUringSetupFeats { get; } = new("io_uring_setup_feats", isEnum: false,
        [
            new("IORING_FEAT_SINGLE_MMAP", 1 << 0),
            new("IORING_FEAT_NODROP", 1 << 1),
            new("IORING_FEAT_SUBMIT_STABLE", 1 << 2),
            new("IORING_FEAT_RW_CUR_POS", 1 << 3),
            new("IORING_FEAT_CUR_PERSONALITY", 1 << 4),
            new("IORING_FEAT_FAST_POLL", 1 << 5),
            new("IORING_FEAT_POLL_32BITS", 1 << 6),
            new("IORING_FEAT_SQPOLL_NONFIXED", 1 << 7),
            new("IORING_FEAT_ENTER_EXT_ARG", 1 << 8),
            new("IORING_FEAT_NATIVE_WORKERS", 1 << 9),
            new("IORING_FEAT_RSRC_TAGS", 1 << 10),
        ]);

    public static FlagTable IoUringEnterFlags { get; } = new("io_uring_enter_flags", isEnum: false,
        [
            new("IORING_ENTER_GETEVENTS", 1 << 0),
            new("IORING_ENTER_SQ_WAKEUP", 1 << 1),
            new("IORING_ENTER_SQ_WAIT", 1 << 2),
            new("IORING_ENTER_EXT_ARG", 1 << 3),
        ]);

    public static FlagTable IoUringRegisterOpcodes { get; } = new("io_uring_register_opcodes", isEnum: true,
        [
            new("IORING_REGISTER_BUFFERS", 0),
            new("IORING_UNREGISTER_BUFFERS", 1),
            new("IORING_REGISTER_FILES", 2),
            new("IORING_UNREGISTER_FILES", 3),
            new("IORING_REGISTER_EVENTFD", 4),
            new("IORING_UNREGISTER_EVENTFD", 5),
            new("IORING_REGISTER_FILES_UPDATE", 6),
            new("IORING_REGISTER_EVENTFD_ASYNC", 7),
            new("IORING_REGISTER_PROBE", 8),
            new("IORING_REGISTER_PERSONALITY", 9),
            new("IORING_UNREGISTER_PERSONALITY", 10),
            new("IORING_REGISTER_RESTRICTIONS", 11),
            new("IORING_REGISTER_ENABLE_RINGS", 12),
            new("IORING_REGISTER_FILES2", 13),
            new("IORING_REGISTER_FILES_UPDATE2", 14),
            new("IORING_REGISTER_BUFFERS2", 15),
            new("IORING_REGISTER_BUFFERS_UPDATE", 16),
            new("IORING_REGISTER_IOWQ_AFF", 17),
            new("IORING_UNREGISTER_IOWQ_AFF", 18),
            new("IORING_REGISTER_IOWQ_MAX_WORKERS", 19),
            new("IORING_REGISTER_RING_FDS", 20),
            new("IORING_UNREGISTER_RING_FDS", 21),
        ]);
}
