// Every test here starts the real host (encoder, index, often a browser or a second process): the fast subset
// (`dotnet test --filter "Speed!=Slow"`, README) leaves them out.
[assembly: AssemblyTrait("Speed", "Slow")]
