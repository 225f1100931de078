namespace Econeura.Portal.Features.Agents.Routing;

/// <summary>
/// Masks the personal data in what a receiver said, before it is recorded where people read it (an error's excerpt goes
/// on the execution's timeline). DLP knows what personal data looks like, so it provides this.
/// </summary>
public interface IPersonalDataMask
{
    string Mask(string text);
}
