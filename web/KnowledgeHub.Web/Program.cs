using KnowledgeHub.Web.Cli;

return await CommandLine.RunAsync(args);
