@{
    Synopsis    = 'Lists the Falcon X Sandbox detonation environments the module knows by name.'
    Description = @'
Each sandbox environment has a numeric id that the API takes as environment_id (Windows 10 64-bit is 160, the default). Get-FalconXEnvironment lists the ids this version of FalconX knows, with a short name you can type instead of the number, the description the API uses in reports, and whether CrowdStrike has deprecated the environment (deprecated ids still work: the API maps them to their successors).

-EnvironmentId on Submit-FalconXSample and Get-FalconXReport accepts any of these names or ids, and any other positive number too, so that environments CrowdStrike adds after this release can be used at once.
'@
    Parameters  = @{
        Name = 'Names, descriptions or ids to look up. Wildcards are allowed. Without it, every known environment is listed.'
    }
    Examples    = @(
        @{
            Title   = 'List every environment'
            Code    = 'Get-FalconXEnvironment'
            Remarks = 'Shows the id, name, description and status of each environment, Windows 10 64-bit (160) among them.'
        }
        @{
            Title   = 'Find the Linux environments'
            Code    = "Get-FalconXEnvironment -Name '*ubuntu*'"
            Remarks = 'Wildcards match names and descriptions; here the Ubuntu environments, current and deprecated.'
        }
        @{
            Title   = 'Look up the environment of a report'
            Code    = 'Get-FalconXEnvironment -Name 110'
            Remarks = 'Returns Windows 7 64 bit. An id that is not known gives an ObjectNotFound error.'
        }
    )
    Inputs      = @{ 'System.String' = 'Names or ids, by value or by the property names Name, Id or EnvironmentId.' }
    Outputs     = @{ 'FalconX.Models.SandboxEnvironment' = 'One object per environment: Id, Name, Description, Status.' }
    Links       = @('about_FalconX', 'Submit-FalconXSample')
}
