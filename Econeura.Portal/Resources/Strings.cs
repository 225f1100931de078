namespace Econeura.Portal.Resources;

/// <summary>Marker of the UI strings: Strings.resx (English) and Strings.es.resx (Spanish).</summary>
public sealed class Strings;
