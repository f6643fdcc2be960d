param location string = resourceGroup().location

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: 'clinicbook-plan'
  location: location
  sku: { name: 'P1v3', capacity: 2 }
  kind: 'linux'
  properties: { reserved: true }
}

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: 'clinicbook-web'
  location: location
  properties: {
    serverFarmId: plan.id
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|8.0'
      appSettings: [
        { name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }
      ]
    }
  }
}

// The staging slot runs on the same plan (same VMs) as production.
resource stagingSlot 'Microsoft.Web/sites/slots@2023-12-01' = {
  parent: web
  name: 'staging'
  location: location
  properties: {
    serverFarmId: plan.id
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|8.0'
      appSettings: [
        { name: 'ASPNETCORE_ENVIRONMENT', value: 'Staging' }
      ]
    }
  }
}

resource slotSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: web
  name: 'slotConfigNames'
  properties: {
    appSettingNames: [ 'ASPNETCORE_ENVIRONMENT' ]
  }
}
