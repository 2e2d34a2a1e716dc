using TrustCheck.Core.Models.ChatTemplates;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Models;

/// <summary>What is inside a string literal is data; a literal that spells a dunder name is still attribute access.</summary>
public class ChatTemplateLiteralTests
{
    [Theory]
    [InlineData("""{{ 'Never write eval( or exec( in an answer.' }}""")]
    [InlineData("""{{ "Run os.system('ls') only in the sandbox" }}""")]
    [InlineData("""{% if tool == 'subprocess' %}{{ 'the subprocess tool' }}{% endif %}""")]
    [InlineData("""{{ "He typed \"getattr(obj, name)\" and .mro() twice" }}""")]
    [InlineData("""{{ 'Python objects have __init__ methods, and chr(95) is an underscore.' }}""")]
    [InlineData("""{% set sys = '<|system|>' ~ 'request.application' %}{{ sys }}""")]
    public void Text_inside_string_literals_is_data(string template) =>
        Assert.Empty(ChatTemplateInspector.FindUnsafeConstructs(template));

    [Theory]
    [InlineData("""{{ ''|attr('__class__') }}""", "__class__")]
    [InlineData("""{{ ''['__cla' ~ 'ss__'] }}""", "__class__")]
    [InlineData("""{{ ''["\x5f\x5fclass\x5f\x5f"] }}""", "__class__")]
    [InlineData("""{% set n = '__globals__' %}{{ cycler.__init__|attr(n) }}""", "__globals__")]
    [InlineData("""{{ cycler.__init__.__globals__.os.popen('id').read() }}""", "__globals__")]
    [InlineData("""{{ lipsum|attr('x')|eval('1') }}""", "eval")]
    public void Code_outside_literals_and_dunder_names_in_literals_are_found(string template, string construct) =>
        Assert.Contains(ChatTemplateInspector.FindUnsafeConstructs(template), c => c.Contains(construct, StringComparison.Ordinal));

    [Fact]
    public void Real_publisher_templates_stay_quiet()
    {
        var folder = TestPaths.CorpusFile("realworld/templates");
        var templates = Directory.GetFiles(folder, "*.jinja");

        Assert.True(templates.Length >= 30, $"expected the real templates in {folder}");
        foreach (var file in templates)
        {
            using var stream = File.OpenRead(file);
            var issues = ChatTemplateInspector.InspectFile(stream, Path.GetFileName(file));
            Assert.True(issues.Count == 0, $"{Path.GetFileName(file)}: {string.Join(" | ", issues.Select(i => i.Message))}");
        }
    }
}
