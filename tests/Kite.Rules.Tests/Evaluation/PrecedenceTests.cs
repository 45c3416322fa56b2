using static Kite.Rules.Tests.RuleTestHelpers;

namespace Kite.Rules.Tests.Evaluation;

public class PrecedenceTests
{
    // a = proc.name=a (true), b = proc.pid=1 (false), c = proc.tty=0 (true)
    [Theory]
    [InlineData("proc.name=a or proc.pid=1 and proc.pid=2", true)]            // a or (b and b')
    [InlineData("(proc.name=a or proc.pid=1) and proc.pid=2", false)]
    [InlineData("not proc.name=a or proc.tty=0", true)]                       // (not a) or c
    [InlineData("not (proc.name=a or proc.tty=0)", false)]
    [InlineData("not not proc.name=a", true)]
    [InlineData("not(proc.pid=1)", true)]
    [InlineData("proc.pid=1 or not proc.pid=1 and proc.tty=0", true)]
    [InlineData("proc.name=a and(proc.pid=1 or proc.tty=0)", true)]
    [InlineData("((((proc.name=a))))", true)]
    public void NotBindsTighterThanAndWhichBindsTighterThanOr(string condition, bool expected) =>
        Assert.Equal(expected, Evaluate(condition, Event().Set("proc.name", "a").Set("proc.pid", 5).Set("proc.tty", 0)));

    [Fact]
    public void MacrosActAsIfParenthesised()
    {
        const string prelude = """
            - macro: a_or_b
              condition: proc.name = a or proc.name = b
            """;
        // Without parentheses `proc.pid = 1 and a_or_b` would be (pid=1 and name=a) or name=b.
        Assert.False(Evaluate("proc.pid = 1 and a_or_b", Event().Set("proc.name", "b").Set("proc.pid", 5), prelude));
    }
}
