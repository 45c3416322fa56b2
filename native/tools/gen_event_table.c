// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Writes agent/Kite.Agent/Events/EventTable.Generated.cs from kite_events.h, so the
 * C# event table cannot drift from the one the probe is compiled with.
 *
 *   cc -Iinclude tools/gen_event_table.c -o build/gen_event_table
 *   build/gen_event_table > ../agent/Kite.Agent/Events/EventTable.Generated.cs
 *
 * It also checks, at compile time, every syscall number in KITE_SYSCALLS against
 * the host's <asm/unistd.h> (x86_64 only).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <asm/unistd.h>

#include "kite_events.h"

#if defined(__x86_64__)
#define KITE__CHECK_NR(name, nr, evt) _Static_assert(__NR_##name == nr, "syscall number of " #name);
KITE_SYSCALLS(KITE__CHECK_NR)
#endif

struct param_row {
	const char *name;
	int type;
	int info;
};

struct event_row {
	int id;
	const char *symbol;
	const char *name;
	int nparams;
	struct param_row params[KITE_MAX_PARAMS];
};

#define KITE__ROW_PARAM(pname, ptype, pinfo, src, a, b) {pname, KITE_PT_##ptype, pinfo},
#define KITE__ROW_EVENT(eid, sym, ename, params)                                              \
	{eid, #sym, ename, sizeof((struct param_row[]){params {0, 0, 0}}) / sizeof(struct param_row) - 1, \
	 {params}},
static const struct event_row s_events[] = {KITE_EVENT_TYPES(KITE__ROW_EVENT, KITE__ROW_PARAM)};

struct syscall_row {
	const char *name;
	int nr;
	int event;
};
#define KITE__ROW_SYSCALL(sname, nr, evt) {#sname, nr, KITE_EVT_##evt},
static const struct syscall_row s_syscalls[] = {KITE_SYSCALLS(KITE__ROW_SYSCALL)};

struct named_value {
	const char *symbol;
	int value;
};
#define KITE__ROW_NAMED(sym, value) {#sym, value},
static const struct named_value s_param_types[] = {KITE_PARAM_TYPES(KITE__ROW_NAMED)};
static const struct named_value s_flag_tables[] = {KITE_FLAG_TABLES(KITE__ROW_NAMED)};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* OPEN_BY_HANDLE_AT -> OpenByHandleAt; INT8 -> Int8. */
static const char *pascal(const char *symbol)
{
	static char buf[128];
	size_t n = 0;
	int upper = 1;
	for (const char *c = symbol; *c && n + 1 < sizeof(buf); c++) {
		if (*c == '_') {
			upper = 1;
			continue;
		}
		buf[n++] = (char)(upper ? toupper((unsigned char)*c) : tolower((unsigned char)*c));
		upper = 0;
	}
	buf[n] = 0;
	return buf;
}

/* C# spellings of the parameter types whose C names run words together. */
static const char *const s_type_spellings[][2] = {
	{"INT8", "Int8"}, {"INT16", "Int16"}, {"INT32", "Int32"}, {"INT64", "Int64"},
	{"UINT8", "UInt8"}, {"UINT16", "UInt16"}, {"UINT32", "UInt32"}, {"UINT64", "UInt64"},
	{"CHARBUF", "CharBuf"}, {"BYTEBUF", "ByteBuf"}, {"FSPATH", "FsPath"}, {"FSRELPATH", "FsRelPath"},
	{"SOCKADDR", "SockAddr"}, {"SOCKTUPLE", "SockTuple"},
	{"ENUMFLAGS8", "EnumFlags8"}, {"ENUMFLAGS16", "EnumFlags16"}, {"ENUMFLAGS32", "EnumFlags32"},
	{"SIGTYPE", "SigType"}, {"CHARBUFARRAY", "CharBufArray"}, {"ABSTIME", "AbsTime"},
	{"RELTIME", "RelTime"}, {"SYSCALLID", "SyscallId"},
};

static const char *type_symbol(const char *symbol)
{
	for (size_t i = 0; i < COUNT(s_type_spellings); i++)
		if (!strcmp(s_type_spellings[i][0], symbol))
			return s_type_spellings[i][1];
	return pascal(symbol);
}

static const char *param_type_name(int type)
{
	for (size_t i = 0; i < COUNT(s_param_types); i++)
		if (s_param_types[i].value == type)
			return type_symbol(s_param_types[i].symbol);
	return "None";
}

static void print_support_types(void)
{
	puts("/// <summary>One parameter of an event: its Falco name, encoding and flag table (or dirfd index).</summary>\n"
	     "internal readonly record struct ParamInfo(string Name, ParamType Type, byte Info)\n"
	     "{\n"
	     "    /// <summary>The table that renders a Flags*/EnumFlags* parameter.</summary>\n"
	     "    public FlagTableId FlagTable => Type is >= ParamType.Flags8 and <= ParamType.EnumFlags32 ? (FlagTableId)Info : FlagTableId.None;\n"
	     "\n"
	     "    /// <summary>For an FsRelPath parameter, the index of the directory-fd parameter it is relative to; otherwise -1.</summary>\n"
	     "    public int DirFdIndex => Type == ParamType.FsRelPath ? Info : -1;\n"
	     "}\n"
	     "\n"
	     "/// <summary>One event type: its Falco name (evt.type), its parameters in evt.arg[N] order, its x86_64 syscalls.</summary>\n"
	     "internal sealed class EventInfo(EventType type, string name, ParamInfo[] parameters, int[] syscalls)\n"
	     "{\n"
	     "    public EventType Type { get; } = type;\n"
	     "\n"
	     "    /// <summary>The Falco event name, e.g. <c>openat</c>, <c>procexit</c>.</summary>\n"
	     "    public string Name { get; } = name;\n"
	     "\n"
	     "    public byte[] NameUtf8 { get; } = System.Text.Encoding.UTF8.GetBytes(name);\n"
	     "\n"
	     "    public ParamInfo[] Params { get; } = parameters;\n"
	     "\n"
	     "    /// <summary>The x86_64 syscall numbers that produce this event type (empty for procexit and Generic).</summary>\n"
	     "    public int[] Syscalls { get; } = syscalls;\n"
	     "\n"
	     "    /// <summary>Index of the parameter named <paramref name=\"paramName\"/> (evt.arg.NAME), or -1.</summary>\n"
	     "    public int IndexOf(string paramName)\n"
	     "    {\n"
	     "        for (int i = 0; i < Params.Length; i++)\n"
	     "        {\n"
	     "            if (Params[i].Name == paramName)\n"
	     "                return i;\n"
	     "        }\n"
	     "        return -1;\n"
	     "    }\n"
	     "}\n");
}

static void print_lookups(void)
{
	puts("    private static readonly EventInfo[] s_events = CreateEvents();\n"
	     "    private static readonly string?[] s_syscallNames = CreateSyscallNameArray();\n"
	     "    private static readonly Dictionary<string, EventInfo> s_byName = CreateNameIndex();\n"
	     "\n"
	     "    /// <summary>Every event type, indexed by its id.</summary>\n"
	     "    public static IReadOnlyList<EventInfo> All => s_events;\n"
	     "\n"
	     "    /// <summary>The description of <paramref name=\"type\"/>; <see cref=\"EventType.Unknown\"/>'s for ids this build does not know.</summary>\n"
	     "    public static EventInfo Get(EventType type) => (uint)type < (uint)s_events.Length ? s_events[(int)type] : s_events[0];\n"
	     "\n"
	     "    /// <summary>The event type with the Falco name <paramref name=\"falcoName\"/> (evt.type value), if any.</summary>\n"
	     "    public static bool TryGetByName(string falcoName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EventInfo? info) =>\n"
	     "        s_byName.TryGetValue(falcoName, out info);\n"
	     "\n"
	     "    /// <summary>The event type a syscall produces: its own, or <see cref=\"EventType.Generic\"/>; Unknown when out of range.</summary>\n"
	     "    public static EventType EventTypeOfSyscall(int syscallNumber) =>\n"
	     "        (uint)syscallNumber < (uint)SyscallTableSize ? (EventType)SyscallEventTypes[syscallNumber] : EventType.Unknown;\n"
	     "\n"
	     "    /// <summary>The name of a syscall that has its own event type, or null.</summary>\n"
	     "    public static string? SyscallName(int syscallNumber) =>\n"
	     "        (uint)syscallNumber < (uint)s_syscallNames.Length ? s_syscallNames[syscallNumber] : null;\n"
	     "\n"
	     "    private static string?[] CreateSyscallNameArray()\n"
	     "    {\n"
	     "        var names = new string?[SyscallTableSize];\n"
	     "        foreach (var (number, name) in CreateSyscallNames())\n"
	     "            names[number] = name;\n"
	     "        return names;\n"
	     "    }\n"
	     "\n"
	     "    private static Dictionary<string, EventInfo> CreateNameIndex()\n"
	     "    {\n"
	     "        var index = new Dictionary<string, EventInfo>(StringComparer.Ordinal);\n"
	     "        foreach (var info in s_events)\n"
	     "        {\n"
	     "            if (info.Type is not EventType.Unknown and not EventType.Generic)\n"
	     "                index.Add(info.Name, info);\n"
	     "        }\n"
	     "        return index;\n"
	     "    }\n");
}

int main(void)
{
	printf("// <auto-generated>\n");
	printf("// Generated by native/tools/gen_event_table.c from native/include/kite_events.h\n");
	printf("// (`make -C native generate`). Do not edit: change the header and regenerate.\n");
	printf("// </auto-generated>\n");
	printf("#nullable enable\n\nnamespace Kite.Agent.Events;\n\n");

	printf("/// <summary>Kite event types (enum kite_event_type); each is one Falco event name.</summary>\n");
	printf("internal enum EventType : ushort\n{\n");
	for (size_t i = 0; i < COUNT(s_events); i++)
		printf("    %s = %d,\n", pascal(s_events[i].symbol), s_events[i].id);
	printf("}\n\n");

	printf("/// <summary>Parameter encodings (enum kite_param_type); see the header of kite_events.h.</summary>\n");
	printf("internal enum ParamType : byte\n{\n");
	for (size_t i = 0; i < COUNT(s_param_types); i++)
		printf("    %s = %d,\n", type_symbol(s_param_types[i].symbol), s_param_types[i].value);
	printf("}\n\n");

	printf("/// <summary>Flag/enum tables that render FLAGS and ENUMFLAGS parameters (enum kite_flag_table).</summary>\n");
	printf("internal enum FlagTableId : byte\n{\n");
	for (size_t i = 0; i < COUNT(s_flag_tables); i++)
		printf("    %s = %d,\n", pascal(s_flag_tables[i].symbol), s_flag_tables[i].value);
	printf("}\n\n");

	print_support_types();
	printf("/// <summary>The event table of the probe: names, parameters, syscall mapping.</summary>\n");
	printf("internal static partial class EventTable\n{\n");
	print_lookups();
	printf("    /// <summary>KITE_PROBE_ABI_VERSION of the header this table was generated from.</summary>\n");
	printf("    public const int AbiVersion = %d;\n\n", KITE_PROBE_ABI_VERSION);
	printf("    public const int MaxEventSize = %d;\n\n", KITE_MAX_EVENT_SIZE);
	printf("    public const int MaxParams = %d;\n\n", KITE_MAX_PARAMS);
	printf("    public const int SyscallTableSize = %d;\n\n", KITE_SYSCALL_TABLE_SIZE);
	printf("    public const int MaxPath = %d;\n\n", KITE_MAX_PATH);
	printf("    public const int DefaultArgsBound = %d;\n\n", KITE_DEFAULT_ARGS_BOUND);
	printf("    public const int EventTypeCount = %d;\n\n", KITE_EVT_MAX);
	printf("    /// <summary>Header flag: a parameter was cut to its bound (KITE_EF_TRUNCATED).</summary>\n");
	printf("    public const ushort FlagTruncated = 0x%04x;\n\n", KITE_EF_TRUNCATED);
	printf("    /// <summary>Header flag: a user-memory read failed and a parameter is empty (KITE_EF_READ_FAULT).</summary>\n");
	printf("    public const ushort FlagReadFault = 0x%04x;\n\n", KITE_EF_READ_FAULT);
	printf("    /// <summary>Bit Kite ORs into open flags when the call created the file (KITE_O_F_CREATED).</summary>\n");
	printf("    public const uint OpenFlagCreated = 0x%08xu;\n\n", KITE_O_F_CREATED);

	printf("    private static EventInfo[] CreateEvents() =>\n    [\n");
	for (size_t i = 0; i < COUNT(s_events); i++) {
		const struct event_row *e = &s_events[i];
		printf("        new(EventType.%s, \"%s\", [", pascal(e->symbol), e->name);
		for (int p = 0; p < e->nparams; p++)
			printf("%snew(\"%s\", ParamType.%s, %d)", p ? ", " : "", e->params[p].name,
			       param_type_name(e->params[p].type), e->params[p].info);
		printf("], [");
		int first = 1;
		for (size_t s = 0; s < COUNT(s_syscalls); s++) {
			if (s_syscalls[s].event != e->id)
				continue;
			printf("%s%d", first ? "" : ", ", s_syscalls[s].nr);
			first = 0;
		}
		printf("]),\n");
	}
	printf("    ];\n\n");

	printf("    /// <summary>x86_64 syscall number -> event type (Generic for syscalls without their own type).</summary>\n");
	printf("    private static ReadOnlySpan<ushort> SyscallEventTypes =>\n    [\n");
	for (int nr = 0; nr < KITE_SYSCALL_TABLE_SIZE; nr++) {
		int evt = KITE_EVT_GENERIC;
		for (size_t s = 0; s < COUNT(s_syscalls); s++)
			if (s_syscalls[s].nr == nr)
				evt = s_syscalls[s].event;
		printf("%s%d,%s", nr % 16 == 0 ? "        " : " ", evt, nr % 16 == 15 ? "\n" : "");
	}
	printf("    ];\n\n");

	printf("    /// <summary>Event types the agent always captures: its process/fd/user state depends on them (KITE_STATE_EVENTS).</summary>\n");
	printf("    public static ReadOnlySpan<ushort> StateKeepingEventTypes =>\n    [\n");
#define KITE__GEN_STATE(evt) printf("        %d, // %s\n", KITE_EVT_##evt, #evt);
	KITE_STATE_EVENTS(KITE__GEN_STATE)
	printf("    ];\n\n");
	printf("    /// <summary>Names of the syscalls that have their own event type, by number.</summary>\n");
	printf("    private static (int Number, string Name)[] CreateSyscallNames() =>\n    [\n");
	for (size_t s = 0; s < COUNT(s_syscalls); s++)
		printf("        (%d, \"%s\"),\n", s_syscalls[s].nr, s_syscalls[s].name);
	printf("    ];\n");
	printf("}\n");
	return 0;
}
