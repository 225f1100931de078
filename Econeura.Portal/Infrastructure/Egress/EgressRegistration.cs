namespace Econeura.Portal.Infrastructure.Egress;

public static class EgressRegistration
{
    public static IServiceCollection AddEgressPolicy(this IServiceCollection services)
    {
        services.AddOptions<EgressOptions>().BindConfiguration("Egress")
            .Validate(o => o.IsValid(),
                "Egress:AllowedRanges and Egress:Tenants:<tid>:AllowedRanges take CIDR ranges separated by ';' (e.g. 127.0.0.0/8;::1/128).")
            .ValidateOnStart();
        services.AddSingleton<IHostResolver, SystemHostResolver>();
        services.AddSingleton<EgressPolicy>();
        services.AddSingleton<EgressConnections>();
        return services;
    }
}
