using System.Security;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace JournalGateway.Fhir.Mapping;

/// <summary>
/// Converts between FHIR narrative XHTML and the plain text regional records keep under a keyword:
/// block elements and line breaks become line breaks, and each line becomes a paragraph on the way back.
/// </summary>
public static class NarrativeText
{
    private static readonly HashSet<string> BlockElements = ["p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre"];

    public static string ToPlainText(string? xhtml)
    {
        if (string.IsNullOrWhiteSpace(xhtml))
        {
            return string.Empty;
        }

        XElement root;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xhtml),
                new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            root = XElement.Load(reader);
        }
        catch (XmlException)
        {
            return xhtml.Trim();
        }

        var text = new StringBuilder();
        Append(root, text);
        var lines = text.ToString().Split('\n').Select(l => string.Join(' ', l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        return string.Join('\n', lines.Where(l => l.Length > 0));
    }

    public static string ToXhtml(string text)
    {
        var paragraphs = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => $"<p>{SecurityElement.Escape(line)}</p>");
        return $"<div xmlns=\"{FhirSystems.Xhtml}\">{string.Concat(paragraphs)}</div>";
    }

    private static void Append(XElement element, StringBuilder text)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText t:
                    text.Append(t.Value);
                    break;
                case XElement e when e.Name.LocalName == "br":
                    text.Append('\n');
                    break;
                case XElement e:
                    var block = BlockElements.Contains(e.Name.LocalName);
                    if (block)
                    {
                        text.Append('\n');
                    }

                    Append(e, text);
                    if (block)
                    {
                        text.Append('\n');
                    }

                    break;
            }
        }
    }
}
