// Azure resources for the Zero Trust Guide bot, deployed by `arm/deploy` in m365agents.yml:
//   - a user-assigned managed identity: the bot's identity towards the Bot Framework and Blob storage, so no
//     secret and no storage key exist anywhere (no client secret, shared-key access off)
//   - a Linux App Service plan and web app (Node 22 LTS) that runs `npm start` as that identity
//   - a Storage account with a private blob container for the bot's state, the identity its Storage Blob
//     Data Contributor
//   - an Azure Bot registration (UserAssignedMSI) with the Microsoft Teams channel
// Parameters come from azure.parameters.json, filled from env/.env.<name> by the toolkit. API versions are
// ones the Bicep CLI pinned in m365agents.yml (v0.9.1, as in the toolkit templates) has types for.

@maxLength(20)
@minLength(4)
@description('Used to generate names for all resources in this file')
param resourceBaseName string

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
param identityName string = resourceBaseName

@maxLength(24)
@description('Storage account name: 3-24 lowercase letters and digits, unique in Azure')
param storageAccountName string = 'st${uniqueString(resourceGroup().id, resourceBaseName)}'

@description('Blob container that holds the bot\'s state (conversation references, checklist progress)')
param storageContainerName string = 'bot-state'

param location string = resourceGroup().location

@description('AAD object ids of the people who may use the admin commands (insights), comma-separated')
param adminIds string = ''

// The bot's identity: Teams authenticates it, and it reads and writes its state, without a secret.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
}

// Storage for the bot's state: HTTPS only, TLS 1.2, no anonymous blob access, no account keys (Entra only)
resource storageAccount 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-01-01' = {
  parent: storageAccount
  name: 'default'
}

resource stateContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-01-01' = {
  parent: blobService
  name: storageContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Storage Blob Data Contributor for the bot's identity on its storage account, and nothing more.
var storageBlobDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
resource stateAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storageAccount
  name: guid(storageAccount.id, identity.id, storageBlobDataContributor)
  properties: {
    roleDefinitionId: storageBlobDataContributor
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

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
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
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
          value: identity.properties.clientId
        }
        {
          name: 'MicrosoftAppType'
          value: 'UserAssignedMSI'
        }
        {
          name: 'MicrosoftAppTenantId'
          value: identity.properties.tenantId
        }
        {
          // DefaultAzureCredential uses this user-assigned identity for Blob storage
          name: 'AZURE_CLIENT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'AZURE_STORAGE_ACCOUNT_URL'
          value: storageAccount.properties.primaryEndpoints.blob
        }
        {
          name: 'AZURE_STORAGE_CONTAINER'
          value: stateContainer.name
        }
        {
          name: 'ADMIN_IDS'
          value: adminIds
        }
      ]
    }
  }
}

// Register the web app as a bot with the Bot Framework, authenticated as the managed identity
resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppType: 'UserAssignedMSI'
    msaAppTenantId: identity.properties.tenantId
    msaAppMSIResourceId: identity.id
  }
}

// Connect the bot to Microsoft Teams
resource botServiceMsTeamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
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
// BOT_ID is the identity's client id: the Teams app manifest names the bot by it.
output BOT_ID string = identity.properties.clientId
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storageAccount.name
output AZURE_STORAGE_CONTAINER string = stateContainer.name
