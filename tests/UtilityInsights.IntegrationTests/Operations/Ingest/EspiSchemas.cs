using System.Text;
using System.Xml;
using System.Xml.Schema;

namespace UtilityInsights.IntegrationTests.Operations.Ingest;

/// <summary>
/// Validates a Green Button feed against the ESPI and Atom schemas in ../shared/reference. The
/// schemas import "atom.xsd" and the W3C xml.xsd by URL; the resolver serves the local Atom schema
/// and a minimal xml namespace schema instead, so nothing is fetched.
/// </summary>
public static class EspiSchemas
{
    private const string XmlNamespaceSchema =
        """
        <?xml version="1.0"?>
        <xs:schema targetNamespace="http://www.w3.org/XML/1998/namespace" xmlns:xs="http://www.w3.org/2001/XMLSchema" xml:lang="en">
          <xs:attribute name="lang" type="xs:language"/>
          <xs:attribute name="space"><xs:simpleType><xs:restriction base="xs:NCName"><xs:enumeration value="default"/><xs:enumeration value="preserve"/></xs:restriction></xs:simpleType></xs:attribute>
          <xs:attribute name="base" type="xs:anyURI"/>
          <xs:attribute name="id" type="xs:ID"/>
          <xs:attributeGroup name="specialAttrs"><xs:attribute ref="xml:base"/><xs:attribute ref="xml:lang"/><xs:attribute ref="xml:space"/><xs:attribute ref="xml:id"/></xs:attributeGroup>
        </xs:schema>
        """;

    /// <summary>The validation errors and warnings of <paramref name="path"/>; empty when it is valid.</summary>
    public static List<string> Validate(string schemasFolder, string path)
    {
        var resolver = new LocalResolver(schemasFolder);
        var schemas = new XmlSchemaSet { XmlResolver = resolver };
        schemas.Add("http://naesb.org/espi", XmlReader.Create(Path.Combine(schemasFolder, "espiDerived.xsd"), new XmlReaderSettings { XmlResolver = resolver, DtdProcessing = DtdProcessing.Ignore }));
        schemas.Compile();
        var problems = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(path, settings);
        while (reader.Read())
        {
        }
        return problems;
    }

    private sealed class LocalResolver(string folder) : XmlResolver
    {
        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            var name = absoluteUri.Segments[^1];
            if (name == "xml.xsd")
                return new MemoryStream(Encoding.UTF8.GetBytes(XmlNamespaceSchema));
            var local = name == "atom.xsd" ? Path.Combine(folder, "v3.3.1_atom.xsd") : Path.Combine(folder, name);
            return File.OpenRead(local);
        }
    }
}
