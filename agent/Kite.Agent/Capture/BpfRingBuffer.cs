using System.Runtime.InteropServices;

namespace Kite.Agent.Capture;

/// <summary>
/// A BPF ring buffer map mapped into this process: the consumer page read-write, the producer page and
/// the double-mapped data area read-only, plus an epoll instance that wakes when the kernel signals data.
/// </summary>
/// <remarks>
/// The map fd stays owned by the probe; keep the <see cref="ProbeSession"/> alive while this is in use.
/// </remarks>
internal sealed unsafe class BpfRingBuffer : IDisposable
{
    private readonly byte* _consumerPage;
    private readonly byte* _producerArea;
    private readonly nuint _consumerLength;
    private readonly nuint _producerLength;
    private readonly int _epollFd;
    private readonly int _wakeFd;
    private int _disposed;

    private BpfRingBuffer(byte* consumerPage, nuint consumerLength, byte* producerArea, nuint producerLength, int epollFd, int wakeFd, uint size, int pageSize)
    {
        _consumerPage = consumerPage;
        _consumerLength = consumerLength;
        _producerArea = producerArea;
        _producerLength = producerLength;
        _epollFd = epollFd;
        _wakeFd = wakeFd;
        Consumer = new RingBufferConsumer((long*)consumerPage, (long*)producerArea, producerArea + pageSize, size);
    }

    public RingBufferConsumer Consumer { get; }

    /// <summary>Maps the ring buffer map <paramref name="mapFd"/> whose data area is <paramref name="size"/> bytes.</summary>
    public static BpfRingBuffer Map(int mapFd, uint size)
    {
        if (size == 0 || (size & (size - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "the ring buffer size must be a power of two");
        int pageSize = global::Interop.Libc.GetPageSize();
        nuint consumerLength = (nuint)pageSize;
        nuint producerLength = (nuint)pageSize + 2 * (nuint)size;

        void* consumer = global::Interop.Libc.Mmap(null, consumerLength, global::Interop.Libc.PROT_READ | global::Interop.Libc.PROT_WRITE,
            global::Interop.Libc.MAP_SHARED, mapFd, 0);
        if ((nint)consumer == global::Interop.Libc.MAP_FAILED)
            throw Failure("mapping the ring buffer's consumer page");

        // The kernel maps the data pages twice after the producer page; read-only, the producer owns them.
        void* producer = global::Interop.Libc.Mmap(null, producerLength, global::Interop.Libc.PROT_READ,
            global::Interop.Libc.MAP_SHARED, mapFd, pageSize);
        if ((nint)producer == global::Interop.Libc.MAP_FAILED)
        {
            var e = Failure("mapping the ring buffer's data area");
            global::Interop.Libc.Munmap(consumer, consumerLength);
            throw e;
        }

        int epollFd = global::Interop.Libc.EpollCreate1(global::Interop.Libc.EPOLL_CLOEXEC);
        int wakeFd = epollFd >= 0 ? global::Interop.Libc.EventFd(0, 0x80000 /* EFD_CLOEXEC */ | 0x800 /* EFD_NONBLOCK */) : -1;
        if (epollFd < 0 || wakeFd < 0
            || !AddToEpoll(epollFd, mapFd, 0)
            || !AddToEpoll(epollFd, wakeFd, 1))
        {
            var e = Failure("setting up epoll on the ring buffer");
            if (epollFd >= 0)
                global::Interop.Libc.Close(epollFd);
            if (wakeFd >= 0)
                global::Interop.Libc.Close(wakeFd);
            global::Interop.Libc.Munmap(producer, producerLength);
            global::Interop.Libc.Munmap(consumer, consumerLength);
            throw e;
        }
        return new BpfRingBuffer((byte*)consumer, consumerLength, (byte*)producer, producerLength, epollFd, wakeFd, size, pageSize);
    }

    /// <summary>Maps the ring buffer of a loaded probe.</summary>
    public static BpfRingBuffer Map(ProbeSession probe) => Map(probe.RingBufferFd, probe.RingBufferSize);

    /// <summary>
    /// Blocks until the kernel signals data, <see cref="Wake"/> is called, or <paramref name="timeoutMs"/> passes.
    /// The probe only forces a wake-up past a fill threshold, so callers must drain after a timeout too.
    /// </summary>
    /// <returns>true if woken by the ring or <see cref="Wake"/>, false on timeout or EINTR</returns>
    public bool Wait(int timeoutMs)
    {
        global::Interop.Libc.EpollEvent* events = stackalloc global::Interop.Libc.EpollEvent[2];
        int n = global::Interop.Libc.EpollWait(_epollFd, events, 2, timeoutMs);
        if (n < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == global::Interop.Libc.EINTR)
                return false;
            throw new IOException($"epoll_wait on the ring buffer failed: errno {errno}");
        }
        for (int i = 0; i < n; i++)
        {
            if (events[i].Data == 1)
            {
                ulong counter;
                global::Interop.Libc.Read(_wakeFd, &counter, sizeof(ulong));
            }
        }
        return n > 0;
    }

    /// <summary>Interrupts a <see cref="Wait"/> in progress (from any thread), e.g. to stop the capture loop.</summary>
    public void Wake()
    {
        if (Volatile.Read(ref _disposed) != 0)
            return;
        ulong one = 1;
        global::Interop.Libc.Write(_wakeFd, &one, sizeof(ulong));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        global::Interop.Libc.Close(_wakeFd);
        global::Interop.Libc.Close(_epollFd);
        global::Interop.Libc.Munmap(_producerArea, _producerLength);
        global::Interop.Libc.Munmap(_consumerPage, _consumerLength);
    }

    private static bool AddToEpoll(int epollFd, int fd, ulong tag)
    {
        var ev = new global::Interop.Libc.EpollEvent { Events = global::Interop.Libc.EPOLLIN, Data = tag };
        return global::Interop.Libc.EpollCtl(epollFd, global::Interop.Libc.EPOLL_CTL_ADD, fd, &ev) == 0;
    }

    private static IOException Failure(string operation) =>
        new($"{operation} failed: errno {Marshal.GetLastPInvokeError()}");
}
