using System.Text;
using TrustCheck.Core.Models.ChatTemplates;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

public class ChatTemplateInspectorTests
{
    [Theory]
    [InlineData("{{ ''.__class__.__mro__[1].__subclasses__() }}", "__subclasses__")]
    [InlineData("{{ ''|attr('__cla' + 'ss__') }}", "__class__")]
    [InlineData("{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}", "__class__")]
    [InlineData("{{ ''|attr('\\u005f\\u005fclass\\u005f\\u005f') }}", "__class__")]
    [InlineData("{{ ''|attr('\\137\\137class\\137\\137') }}", "__class__")]
    [InlineData("{{ self._TemplateReference__context }}", "_TemplateReference__context")]
    [InlineData("{{ lipsum.__globals__['os'].popen('id').read() }}", "__globals__")]
    [InlineData("{{ namespace.__init__.__globals__ }}", "__init__")]
    [InlineData("{% set x = ''.__class__.mro()[1] %}", "mro()")]
    [InlineData("{{ [chr(95), chr(95)]|join }}", "chr(95)")]
    [InlineData("{{ x.__getattribute__('a') }}", "__getattribute__")]
    public void Constructs_reaching_python_internals_are_named(string template, string construct)
    {
        var found = ChatTemplateInspector.FindUnsafeConstructs(template);

        Assert.Contains(found, f => f.Contains(construct));
    }

    [Theory]
    [InlineData("{% for message in messages %}{{ message['role'] }}: {{ message['content'] | trim }}\n{% endfor %}")]
    [InlineData("{% if messages[0]['role'] != 'system' %}{{ raise_exception('System first') }}{% endif %}{% set ns = namespace(found=false) %}{% for m in messages %}{% set ns.found = true %}{% endfor %}")]
    [InlineData("Explain __init__ methods in Python. {# __class__ in a comment #}{% raw %}{{ x.__class__ }}{% endraw %}")]
    [InlineData("{% for message in messages %}{% if message.class == 'important' %}!{% endif %}{% endfor %}")]
    [InlineData("")]
    public void Ordinary_templates_are_clean(string template)
    {
        Assert.Empty(ChatTemplateInspector.FindUnsafeConstructs(template));
        Assert.Null(ChatTemplateInspector.FindSyntaxError(template));
    }

    [Theory]
    [InlineData("{{ unclosed", "never closed")]
    [InlineData("{% for m in messages %}{{ m }}", "'{% for %}'")]
    [InlineData("{% if x %}{% endfor %}", "does not close")]
    public void Broken_templates_are_syntax_errors(string template, string expected)
    {
        Assert.Contains(expected, ChatTemplateInspector.FindSyntaxError(template));
    }

    [Fact]
    public void Tokenizer_config_with_a_template_list_is_inspected_per_template()
    {
        var json = """{"chat_template":[{"name":"default","template":"{{ messages }}"},{"name":"tool_use","template":"{{ cycler.__init__.__globals__.os }}"}]}""";

        var issues = ChatTemplateInspector.InspectFile(new MemoryStream(Encoding.UTF8.GetBytes(json)), "tokenizer_config.json");

        var issue = Assert.Single(issues);
        Assert.Equal(RuleIds.ModelEmbedsCode, issue.RuleId);
        Assert.Contains("(tool_use)", issue.Message);
    }

    [Fact]
    public void Template_under_a_non_standard_key_is_a_warning()
    {
        var json = """{"chat_template":"{{ messages }}","extra":{"my_template":"{{ self.__init__.__globals__ }}"}}""";

        var issue = Assert.Single(ChatTemplateInspector.InspectFile(new MemoryStream(Encoding.UTF8.GetBytes(json)), "tokenizer_config.json"));

        Assert.Equal(RuleSeverity.Warning, issue.Severity);
        Assert.Contains("extra.my_template", issue.Message);
    }

    [Fact]
    public void Invalid_json_is_malformed_not_a_crash()
    {
        var issue = Assert.Single(ChatTemplateInspector.InspectFile(new MemoryStream("{\"chat_template\": "u8.ToArray()), "tokenizer_config.json"));

        Assert.Equal(RuleIds.ModelMalformed, issue.RuleId);
    }

    [Theory]
    [InlineData("tokenizer_config.json", true)]
    [InlineData("chat_template.jinja", true)]
    [InlineData("templates/llama.j2", true)]
    [InlineData("config.json", false)]
    public void Template_files_are_recognised_by_name(string path, bool expected)
    {
        Assert.Equal(expected, ChatTemplateInspector.IsChatTemplateFile(path));
    }
}
