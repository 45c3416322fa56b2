using static Kite.Rules.Tests.RuleTestHelpers;

namespace Kite.Rules.Tests.Evaluation;

public class OperatorTests
{
    [Theory]
    [InlineData("proc.name = bash", "bash", true)]
    [InlineData("proc.name == bash", "bash", true)]
    [InlineData("proc.name=bash", "bash", true)]
    [InlineData("proc.name = bash", "bas", false)]
    [InlineData("proc.name != bash", "zsh", true)]
    [InlineData("proc.name != bash", "bash", false)]
    [InlineData("proc.name contains as", "bash", true)]
    [InlineData("proc.name contains xx", "bash", false)]
    [InlineData("proc.name icontains ASH", "bash", true)]
    [InlineData("proc.name icontains ash", "BASH", true)]
    [InlineData("proc.name icontains asx", "BASH", false)]
    [InlineData("proc.name startswith ba", "bash", true)]
    [InlineData("proc.name startswith sh", "bash", false)]
    [InlineData("proc.name endswith sh", "bash", true)]
    [InlineData("proc.name endswith ba", "bash", false)]
    [InlineData("proc.name glob 'b*h'", "bash", true)]
    [InlineData("proc.name glob 'b?sh'", "bash", true)]
    [InlineData("proc.name glob '[ab]ash'", "bash", true)]
    [InlineData("proc.name glob '[!b]ash'", "bash", false)]
    [InlineData("proc.name glob 'B*'", "bash", false)]
    [InlineData("proc.name iglob 'B*'", "bash", true)]
    [InlineData("proc.name regex 'ba.h'", "bash", true)]
    [InlineData("proc.name regex 'ba'", "bash", false)]
    [InlineData("proc.name in (zsh, bash)", "bash", true)]
    [InlineData("proc.name in (zsh, ksh)", "bash", false)]
    [InlineData("proc.name in ()", "bash", false)]
    [InlineData("proc.name intersects (bash)", "bash", true)]
    [InlineData("proc.name in (\"my shell\", 'bash')", "bash", true)]
    [InlineData("proc.name exists", "bash", true)]
    [InlineData("proc.name = oneof", "oneof", true)]
    [InlineData("proc.name startswith anyof (zz, ba)", "bash", true)]
    [InlineData("proc.name startswith anyof (zz, yy)", "bash", false)]
    [InlineData("proc.name contains allof (ba, sh)", "bash", true)]
    [InlineData("proc.name contains allof (ba, zz)", "bash", false)]
    [InlineData("proc.name contains oneof (ba, sh)", "bash", false)]
    [InlineData("proc.name contains oneof (ba, zz)", "bash", true)]
    [InlineData("tolower(proc.name) = bash", "BASH", true)]
    [InlineData("toupper(proc.name) = BASH", "bash", true)]
    [InlineData("len(proc.name) = 4", "bash", true)]
    [InlineData("len(proc.name) > 4", "bash", false)]
    [InlineData("b64(proc.name) = hello", "aGVsbG8", true)]
    public void TextOperatorsCompareTheFieldValue(string condition, string procName, bool expected) =>
        Assert.Equal(expected, Evaluate(condition, Event().Set("proc.name", procName)));

    [Theory]
    [InlineData("fd.name pmatch (/var/run)", "/var/run/docker.sock", true)]
    [InlineData("fd.name pmatch (/var/run)", "/var/run", true)]
    [InlineData("fd.name pmatch (/var/run)", "/var", false)]
    [InlineData("fd.name pmatch (/var/li)", "/var/lib", false)]
    [InlineData("fd.name pmatch (/etc, /var/lib)", "/var/lib/dpkg/status", true)]
    [InlineData("fd.name pmatch (/home/*/.ssh)", "/home/alice/.ssh/id_rsa", true)]
    [InlineData("fd.name pmatch (/home/*/.ssh)", "/home/alice/.sshx", false)]
    [InlineData("basename(fd.name) = passwd", "/etc/passwd", true)]
    [InlineData("fd.name glob '/etc/*'", "/etc/x/y", true)]
    public void PathOperatorsMatchByComponent(string condition, string path, bool expected) =>
        Assert.Equal(expected, Evaluate(condition, Event().Set("fd.name", path)));

    [Theory]
    [InlineData("proc.pid = 42", true)]
    [InlineData("proc.pid = 0x2a", true)]
    [InlineData("proc.pid != 42", false)]
    [InlineData("proc.pid < 43", true)]
    [InlineData("proc.pid <= 42", true)]
    [InlineData("proc.pid > 42", false)]
    [InlineData("proc.pid >= 42", true)]
    [InlineData("proc.pid in (1, 42)", true)]
    [InlineData("proc.pid in (1, 2)", false)]
    [InlineData("proc.pid >= -1", true)]
    [InlineData("proc.pid exists", true)]
    public void NumericOperatorsCompareNumbers(string condition, bool expected) =>
        Assert.Equal(expected, Evaluate(condition, Event().Set("proc.pid", 42)));

    [Theory]
    [InlineData("proc.name = bash")]
    [InlineData("proc.name != bash")]
    [InlineData("proc.name in (a, b)")]
    [InlineData("proc.name contains x")]
    [InlineData("proc.pid != 1")]
    [InlineData("proc.name exists")]
    public void EveryCheckIsFalseWhenTheFieldIsMissing(string condition) =>
        Assert.False(Evaluate(condition, Event()));

    [Fact]
    public void NotOfAMissingFieldCheckIsTrueButNotEqualIsFalse()
    {
        Assert.True(Evaluate("not proc.name = bash", Event()));
        Assert.False(Evaluate("proc.name != bash", Event()));
    }

    [Theory]
    [InlineData("evt.is_open_read = true", true)]
    [InlineData("evt.is_open_read = false", false)]
    [InlineData("evt.is_open_read != false", true)]
    [InlineData("evt.is_open_read in (true)", true)]
    public void BoolOperators(string condition, bool expected) =>
        Assert.Equal(expected, Evaluate(condition, Event().Set("evt.is_open_read", true)));

    [Theory]
    [InlineData("fd.sip = 10.0.0.1", true)]
    [InlineData("fd.sip = 10.0.0.2", false)]
    [InlineData("fd.sip != 10.0.0.2", true)]
    [InlineData("fd.sip in (192.168.0.1, 10.0.0.1)", true)]
    [InlineData("fd.ip = 10.0.0.1", true)]
    [InlineData("fd.ip = 172.16.0.9", true)]
    [InlineData("fd.ip != 10.0.0.1", false)]
    [InlineData("fd.ip != 8.8.8.8", true)]
    [InlineData("fd.net = \"10.0.0.0/8\"", true)]
    [InlineData("fd.net = \"192.168.0.0/16\"", false)]
    [InlineData("fd.net != \"10.0.0.0/8\"", false)]
    [InlineData("fd.net in (\"192.168.0.0/16\", \"172.16.0.0/12\")", true)]
    [InlineData("fd.snet = \"10.0.0.0/24\"", true)]
    [InlineData("fd.port = 443", true)]
    [InlineData("fd.port in (22, 53211)", true)]
    [InlineData("fd.port != 443", false)]
    [InlineData("fd.port != 80", true)]
    public void NetworkFieldsCompareEitherEndpoint(string condition, bool expected)
    {
        var ev = Event("connect").Set("fd.sip", "10.0.0.1").Set("fd.snet", "10.0.0.1")
            .SetValues("fd.ip", "172.16.0.9", "10.0.0.1").SetValues("fd.net", "172.16.0.9", "10.0.0.1").SetValues("fd.port", "53211", "443");
        Assert.Equal(expected, Evaluate(condition, ev));
    }

    [Theory]
    [InlineData("proc.aname = sshd", true)]
    [InlineData("proc.aname = bash", false)]
    [InlineData("proc.aname[0] = bash", true)]
    [InlineData("proc.aname[1] = sshd", true)]
    [InlineData("proc.aname[2] = systemd", true)]
    [InlineData("proc.aname[3] = systemd", false)]
    [InlineData("proc.aname in (init, systemd)", true)]
    [InlineData("proc.aname != sshd", true)]
    [InlineData("proc.aname != nope", true)]
    [InlineData("not proc.aname = sshd", false)]
    [InlineData("proc.aname startswith sys", true)]
    [InlineData("proc.aname != anyof (sshd, systemd)", true)]
    [InlineData("proc.aname = allof (sshd, systemd)", false)]
    public void AncestorFieldsWithoutIndexMatchAnyAncestor(string condition, bool expected) =>
        Assert.Equal(expected, Evaluate(condition, Event().SetLineage("proc.aname", "bash", "sshd", "systemd")));

    // SPEC.md 2.3: without an index, a check holds when some ancestor satisfies it, `!=` included
    // (unlike fd.ip/fd.port/fd.net, where `!=` holds only when neither endpoint equals).
    [Theory]
    [InlineData("proc.aname != sshd", "sshd", false)]
    [InlineData("proc.aname != sshd", "sshd,systemd", true)]
    [InlineData("proc.aname != sshd", "", false)]
    [InlineData("proc.apid != 1", "1", false)]
    [InlineData("proc.apid != 1", "100,1", true)]
    [InlineData("proc.apid = 1", "100,1", true)]
    [InlineData("proc.apid != 1", "", false)]
    public void NotEqualOnAnAncestorFieldHoldsWhenSomeAncestorDiffers(string condition, string ancestors, bool expected)
    {
        string[] values = ancestors.Length == 0 ? [] : ancestors.Split(',');
        string field = condition[..condition.IndexOf(' ')];
        Assert.Equal(expected, Evaluate(condition, Event().SetValues(field, values)));
    }

    // SPEC.md 2.3: `OP anyof/allof/oneof (list)` applies OP to each element, `!=` included.
    [Theory]
    [InlineData("proc.name != anyof (bash, zsh)", "bash", true)]
    [InlineData("proc.name != anyof (bash, bash)", "bash", false)]
    [InlineData("proc.name != allof (bash, zsh)", "bash", false)]
    [InlineData("proc.name != allof (bash, zsh)", "ksh", true)]
    [InlineData("proc.name != oneof (bash, zsh)", "bash", true)]
    [InlineData("proc.name != oneof (bash, zsh)", "ksh", false)]
    [InlineData("proc.name = anyof (bash, zsh)", "bash", true)]
    [InlineData("proc.name = allof (bash, zsh)", "bash", false)]
    [InlineData("proc.name = oneof (bash, zsh)", "bash", true)]
    [InlineData("tolower(proc.name) != anyof (bash, zsh)", "BASH", true)]
    [InlineData("tolower(proc.name) != allof (bash, zsh)", "BASH", false)]
    [InlineData("concat(proc.name, \"\") != anyof (bash, zsh)", "bash", true)]
    [InlineData("concat(proc.name, \"\") != allof (bash, zsh)", "bash", false)]
    public void NotEqualWithAListModifierComparesEachElement(string condition, string procName, bool expected) =>
        Assert.Equal(expected, Evaluate(condition, Event().Set("proc.name", procName)));

    [Theory]
    [InlineData("proc.name != anyof (bash, zsh)")]
    [InlineData("proc.name != allof (bash, zsh)")]
    [InlineData("tolower(proc.name) != anyof (bash, zsh)")]
    public void NotEqualWithAListModifierIsFalseWhenTheFieldIsMissing(string condition) =>
        Assert.False(Evaluate(condition, Event()));

    [Theory]
    [InlineData("evt.type = anyof (open, openat)", "openat", true)]
    [InlineData("evt.type = allof (open, openat)", "open", false)]
    [InlineData("evt.type = oneof (open, open)", "open", false)]
    [InlineData("evt.type != anyof (open, openat)", "open", true)]
    [InlineData("evt.type != allof (open, openat)", "open", false)]
    [InlineData("evt.type != allof (open, openat)", "execve", true)]
    public void EventTypeChecksWithAListModifierCompareEachElement(string condition, string type, bool expected) =>
        Assert.Equal(expected, Evaluate(condition, Event(type)));

    [Theory]
    [InlineData("ka.images in (nginx, redis)", true)]
    [InlineData("ka.images in (nginx)", false)]
    [InlineData("ka.images intersects (nginx)", true)]
    [InlineData("ka.images intersects (mysql)", false)]
    [InlineData("ka.images[1] = redis", true)]
    [InlineData("ka.images exists", true)]
    public void ListFieldsNeedEveryValueForInAndAnyValueForIntersects(string condition, bool expected)
    {
        var ev = Event().SetValues("ka.images", "nginx", "redis").Set("ka.images[1]", "redis");
        Assert.Equal(expected, Evaluate(condition, ev));
    }

    [Theory]
    [InlineData("evt.buffer bcontains 6c6c", true)]
    [InlineData("evt.buffer bcontains 0000", false)]
    [InlineData("evt.buffer bstartswith 6865", true)]
    [InlineData("evt.buffer bstartswith 6c6c", false)]
    public void BinaryOperatorsTakeHexStrings(string condition, bool expected) =>
        Assert.Equal(expected, Evaluate(condition, Event().Set("evt.buffer", "hello")));

    [Theory]
    [InlineData("proc.name = val(proc.pname)", "bash", "bash", true)]
    [InlineData("proc.name = val(proc.pname)", "bash", "sshd", false)]
    [InlineData("proc.name != val(proc.pname)", "bash", "sshd", true)]
    [InlineData("proc.name startswith val(proc.pname)", "bash", "ba", true)]
    public void ValComparesTwoFieldsOfTheSameEvent(string condition, string name, string parent, bool expected) =>
        Assert.Equal(expected, Evaluate(condition, Event().Set("proc.name", name).Set("proc.pname", parent)));

    [Theory]
    [InlineData("proc.name in val(ka.images)", "redis", true)]
    [InlineData("proc.name in val(ka.images)", "mysql", false)]
    [InlineData("proc.name intersects val(ka.images)", "nginx", true)]
    [InlineData("proc.name intersects val(ka.images)", "mysql", false)]
    [InlineData("not proc.name in val(ka.images)", "mysql", true)]
    [InlineData("proc.name in val(ka.images[1])", "redis", true)]
    [InlineData("proc.name in val(ka.images[1])", "nginx", false)]
    [InlineData("ka.images in val(ka.images)", "redis", true)]
    [InlineData("ka.images intersects val(proc.name)", "redis", true)]
    [InlineData("ka.images in val(proc.name)", "redis", false)]
    [InlineData("ka.images intersects val(proc.name)", "mysql", false)]
    public void ValOfAListFieldComparesWithEachOfItsValues(string condition, string name, bool expected)
    {
        var ev = Event().Set("proc.name", name).SetValues("ka.images", "nginx", "redis").Set("ka.images[1]", "redis");
        Assert.Equal(expected, Evaluate(condition, ev));
    }

    [Fact]
    public void ValOfAnAbsentListFieldMatchesNothing()
    {
        Assert.False(Evaluate("proc.name in val(ka.images)", Event().Set("proc.name", "redis")));
        Assert.True(Evaluate("not proc.name intersects val(ka.images)", Event().Set("proc.name", "redis")));
    }

    [Theory]
    [InlineData("evt.type = open", "open", true)]
    [InlineData("evt.type = open", "openat", false)]
    [InlineData("evt.type in (open, openat)", "openat", true)]
    [InlineData("evt.type != open", "openat", true)]
    [InlineData("evt.type != open", "open", false)]
    public void EventTypeChecksUseTheEventTypeCode(string condition, string type, bool expected) =>
        Assert.Equal(expected, Evaluate(condition, Event(type)));
}
