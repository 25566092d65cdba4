// Azure resources for the Zero Trust Guide bot, deployed by `arm/deploy` in m365agents.yml:
//   - a Linux App Service plan and web app (Node 20) that runs `npm start`
//   - a Storage account with a private blob container for the bot's state
//   - an Azure Bot registration (single tenant) with the Microsoft Teams channel
// Parameters come from azure.parameters.json, filled from env/.env.<name> by the toolkit. API versions are
// ones the Bicep CLI pinned in m365agents.yml (v0.9.1, as in the toolkit templates) has types for.

@maxLength(20)
@minLength(4)
@description('Used to generate names for all resources in this file')
param resourceBaseName string

@description('Client id of the bot\'s Microsoft Entra app (BOT_ID)')
param botAadAppClientId string

@secure()
@description('Client secret of the bot\'s Microsoft Entra app (SECRET_BOT_PASSWORD)')
param botAadAppClientSecret string

@description('Microsoft Entra tenant id of the single-tenant bot app')
param botAadAppTenantId string

@maxLength(42)
param botDisplayName string

@description('App Service plan SKU, e.g. B1, S1, P0v3')
param webAppSKU string = 'B1'

@allowed([
  'F0'
  'S1'
])
param botServiceSku string = 'F0'

param serverfarmsName string = resourceBaseName
param webAppName string = resourceBaseName
param botServiceName string = resourceBaseName

@maxLength(24)
@description('Storage account name: 3-24 lowercase letters and digits, unique in Azure')
param storageAccountName string = 'st${uniqueString(resourceGroup().id, resourceBaseName)}'

@description('Blob container that holds the bot\'s state (conversation references, checklist progress)')
param storageContainerName string = 'bot-state'

param location string = resourceGroup().location

// Storage for the bot's state: HTTPS only, TLS 1.2, no anonymous blob access
resource storageAccount 'Microsoft.Storage/storageAccounts@2021-09-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2021-09-01' = {
  parent: storageAccount
  name: 'default'
}

resource stateContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2021-09-01' = {
  parent: blobService
  name: storageContainerName
  properties: {
    publicAccess: 'None'
  }
}

var storageConnectionString = 'DefaultEndpointsProtocol=https;AccountName=${storageAccount.name};AccountKey=${storageAccount.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

// Compute resources for the web app: Linux
resource serverfarm 'Microsoft.Web/serverfarms@2021-02-01' = {
  name: serverfarmsName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSKU
  }
  properties: {
    reserved: true
  }
}

// Web app that hosts the bot
resource webApp 'Microsoft.Web/sites@2021-02-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'npm start'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      healthCheckPath: '/healthz'
      appSettings: [
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1' // Run the app from the deployed zip
        }
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false' // node_modules is in the zip
        }
        {
          name: 'DATA_DIR'
          value: '/home/data' // writable and kept across restarts
        }
        {
          name: 'MicrosoftAppId'
          value: botAadAppClientId
        }
        {
          name: 'MicrosoftAppPassword'
          value: botAadAppClientSecret
        }
        {
          name: 'MicrosoftAppType'
          value: 'SingleTenant'
        }
        {
          name: 'MicrosoftAppTenantId'
          value: botAadAppTenantId
        }
        {
          name: 'AZURE_STORAGE_CONNECTION_STRING'
          value: storageConnectionString
        }
        {
          name: 'AZURE_STORAGE_CONTAINER'
          value: stateContainer.name
        }
      ]
    }
  }
}

// Register the web app as a single-tenant bot with the Bot Framework
resource botService 'Microsoft.BotService/botServices@2021-03-01' = {
  name: botServiceName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botAadAppTenantId
  }
}

// Connect the bot to Microsoft Teams
resource botServiceMsTeamsChannel 'Microsoft.BotService/botServices/channels@2021-03-01' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// The outputs are written to env/.env.<name>. Visit https://aka.ms/teamsfx-actions/arm-deploy for more details.
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storageAccount.name
output AZURE_STORAGE_CONTAINER string = stateContainer.name
