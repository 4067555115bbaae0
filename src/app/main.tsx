console.log('viza')
