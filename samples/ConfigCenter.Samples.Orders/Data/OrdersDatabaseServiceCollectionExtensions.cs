namespace ConfigCenter.Samples.Orders.Data;

public static class OrdersDatabaseServiceCollectionExtensions
{
    /// <summary>The orders database: a switchable data source following ConnectionStrings:Orders, and its migrations.</summary>
    public static IServiceCollection AddOrdersDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrdersDatabaseOptions>().Bind(configuration.GetSection(OrdersDatabaseOptions.Section));
        services.AddSingleton<DataSourceSwitcher>();
        services.AddSingleton<SchemaMigrator>();
        services.AddHostedService<DatabaseSwitchService>();
        return services;
    }
}
